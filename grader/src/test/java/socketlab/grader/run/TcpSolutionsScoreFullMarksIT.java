package socketlab.grader.run;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import socketlab.grader.core.Lab;

/** Every graded test of the lab passes against its solution (see {@link SolutionsScoreFullMarks}). */
@EnabledIf(value = "socketlab.grader.KitPaths#hasSolutions", disabledReason = "the student edition has no solutions")
class TcpSolutionsScoreFullMarksIT {

    @Test
    void everyGradedTestPassesAgainstTheSolution() {
        SolutionsScoreFullMarks.check(Lab.TCP);
    }
}
