package socketlab.grader.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import socketlab.grader.core.Lab;
import socketlab.grader.results.GradingReport;
import socketlab.grader.results.LabStatus;

/**
 * The graded suites give the solutions full marks: a suite that fails a correct program is a bug. One IT class per
 * lab, so that the build's two test JVMs share the three gradings instead of one JVM taking all of them.
 */
final class SolutionsScoreFullMarks {

    private SolutionsScoreFullMarks() {}

    static void check(Lab lab) {
        GradingReport report = GradeKit.grade("solutions", List.of(lab.folder()));

        assertThat(report.labs()).as("labs graded").hasSize(1);
        report.labs()
                .forEach(graded -> assertThat(graded.status())
                        .as(graded.lab() + ": " + graded.notes())
                        .isEqualTo(LabStatus.OK));
        String failures = report.tests().stream()
                .filter(t -> !t.passed())
                .map(t -> t.id() + " (" + t.status().label() + "):\n" + t.feedback())
                .collect(Collectors.joining("\n\n"));
        assertThat(failures)
                .as("feedback of the tests that failed against the solutions")
                .isEmpty();
        assertThat(report.maxPoints()).isPositive();
        assertThat(report.points()).as("full marks, bonus included").isGreaterThanOrEqualTo(report.maxPoints());
    }
}
