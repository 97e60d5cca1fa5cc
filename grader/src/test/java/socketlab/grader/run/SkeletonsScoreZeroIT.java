package socketlab.grader.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import socketlab.grader.results.GradingReport;
import socketlab.grader.results.Status;

/** The shipped skeletons score 0, and every failure points the student at the TODO to write. */
class SkeletonsScoreZeroIT {

    @Test
    void everyGradedTestFailsAtATodoAgainstTheSkeletons() {
        GradingReport report = GradeKit.grade("");

        assertThat(report.labs()).as("labs graded").isNotEmpty();
        assertThat(report.points()).as("the skeletons' score").isZero();
        assertThat(report.tests()).isNotEmpty();
        report.tests().forEach(test -> {
            assertThat(test.status()).as(test.id() + " must fail cleanly against its skeleton, with no hang or crash:\n" + test.feedback())
                    .isEqualTo(Status.FAILED);
            assertThat(test.feedback()).as(test.id() + "'s feedback must name the TODO to write")
                    .containsPattern("TODO \\d+ not implemented");
        });
    }
}
