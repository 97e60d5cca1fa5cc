package socketlab.grader.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.Test;
import socketlab.grader.results.GradingReport;
import socketlab.grader.results.LabStatus;

/** The graded suites give the solutions full marks: a suite that fails a correct program is a bug. */
@EnabledIf(value = "socketlab.grader.KitPaths#hasSolutions", disabledReason = "the student edition has no solutions")
class SolutionsScoreFullMarksIT {

    @Test
    void everyGradedTestPassesAgainstTheSolutions() {
        GradingReport report = GradeKit.grade("solutions");

        assertThat(report.labs()).as("labs graded").isNotEmpty();
        report.labs().forEach(lab -> assertThat(lab.status()).as(lab.lab() + ": " + lab.notes()).isEqualTo(LabStatus.OK));
        String failures = report.tests().stream().filter(t -> !t.passed())
                .map(t -> t.id() + " (" + t.status().label() + "):\n" + t.feedback())
                .collect(Collectors.joining("\n\n"));
        assertThat(failures).as("feedback of the tests that failed against the solutions").isEmpty();
        assertThat(report.maxPoints()).isPositive();
        assertThat(report.points()).as("full marks, bonus included").isGreaterThanOrEqualTo(report.maxPoints());
    }
}
