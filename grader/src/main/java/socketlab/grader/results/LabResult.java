package socketlab.grader.results;

import java.util.List;

/**
 * The graded tests of one lab, in order, and how its grading went as a whole; {@code notes} holds e.g.
 * the compiler's messages.
 */
public record LabResult(String lab, LabStatus status, String notes, List<TestOutcome> tests) {

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
