package socketlab.grader.results;

/**
 * One graded test's result: where it belongs, its points, and the feedback the student reads.
 * {@code id} is {@code <exercise>.<method>}, e.g. {@code U1.repliesInUpperCase}.
 */
public record TestOutcome(String lab, String exercise, String exerciseTitle, String id, String name,
                          double points, double maxPoints, Status status, String feedback,
                          boolean hidden, boolean bonus, long millis) {

    /** A planned test that has not run (yet): 0 points, with the reason as feedback. */
    public static TestOutcome notRun(TestOutcome planned, Status status, String why) {
        return new TestOutcome(planned.lab, planned.exercise, planned.exerciseTitle, planned.id, planned.name,
                0, planned.maxPoints, status, why, planned.hidden, planned.bonus, 0);
    }

    /** What the test adds to the maximum score: nothing for a bonus test. */
    public double countedMaxPoints() {
        return bonus ? 0 : maxPoints;
    }

    public boolean passed() {
        return status == Status.PASSED;
    }
}
