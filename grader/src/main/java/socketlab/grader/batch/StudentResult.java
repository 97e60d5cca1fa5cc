package socketlab.grader.batch;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import socketlab.grader.results.GradingReport;
import socketlab.grader.results.LabResult;
import socketlab.grader.results.LabStatus;
import socketlab.grader.results.Status;

/** One student's grading: the report (null if nothing could be graded) and a one-word status for the gradebook. */
public record StudentResult(
        Submission submission, GradingReport report, String status, String notes, Duration elapsed) {

    /** ok, or the most serious problem: no-labs, compile-error, timeout, crashed. */
    static StudentResult of(Submission submission, GradingReport report) {
        List<LabResult> labs = report.labs();
        String status = "ok";
        String notes = "";
        if (labs.stream().anyMatch(l -> l.status() == LabStatus.COMPILE_ERROR)) {
            status = LabStatus.COMPILE_ERROR.label();
            notes = labsWith(labs, LabStatus.COMPILE_ERROR) + " did not compile";
        } else if (labs.stream().anyMatch(l -> l.status() == LabStatus.TIMEOUT)) {
            status = LabStatus.TIMEOUT.label();
            notes = labsWith(labs, LabStatus.TIMEOUT) + " reached the time cap";
        } else if (report.tests().stream().anyMatch(t -> t.status() == Status.CRASHED)) {
            status = "crashed";
            notes = report.tests().stream()
                            .filter(t -> t.status() == Status.CRASHED)
                            .map(t -> t.id())
                            .collect(Collectors.joining(" "))
                    + " ended the JVM";
        }
        return new StudentResult(submission, report, status, notes, report.elapsed());
    }

    static StudentResult failed(Submission submission, String status, String why) {
        return new StudentResult(submission, null, status, why, Duration.ZERO);
    }

    private static String labsWith(List<LabResult> labs, LabStatus status) {
        return labs.stream()
                .filter(l -> l.status() == status)
                .map(LabResult::lab)
                .collect(Collectors.joining(", "));
    }

    public double points() {
        return report == null ? 0 : report.points();
    }

    public double maxPoints() {
        return report == null ? 0 : report.maxPoints();
    }
}
