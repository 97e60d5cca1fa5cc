package socketlab.grader.results;

import java.util.List;

/**
 * The graded tests of one lab, in order. {@code status} is {@code ok}, {@code compile-error} or
 * {@code timeout} (the lab's grading cap ran out); {@code notes} holds e.g. the compiler's messages.
 */
public record LabResult(String lab, String status, String notes, List<TestOutcome> tests) {

    /** The same result with {@code note} before the notes it has. */
    public LabResult withNoteFirst(String note) {
        return new LabResult(lab, status, notes.isBlank() ? note : note + "\n\n" + notes, tests);
    }

    public double points() {
        return tests.stream().mapToDouble(TestOutcome::points).sum();
    }

    public double maxPoints() {
        return tests.stream().mapToDouble(TestOutcome::countedMaxPoints).sum();
    }
}
