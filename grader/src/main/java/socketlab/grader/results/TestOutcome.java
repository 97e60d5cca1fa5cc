package socketlab.grader.results;

import java.util.List;
import socketlab.grader.wire.Timeline;

/**
 * One graded test's result: where it belongs, its points, the feedback the student reads, the impairment
 * backends that carried its traffic (e.g. "TCP: Toxiproxy, embedded engine"; empty for a test on plain loopback),
 * and what crossed the wire ({@code wire}: its sequence diagram and capture; null when the test recorded nothing).
 * {@code id} is {@code <exercise>.<method>}, e.g. {@code U1.repliesInUpperCase}.
 */
public record TestOutcome(
        String lab,
        String exercise,
        String exerciseTitle,
        String id,
        String name,
        double points,
        double maxPoints,
        Status status,
        String feedback,
        boolean hidden,
        boolean bonus,
        long millis,
        List<String> backends,
        Timeline wire) {

    public TestOutcome {
        backends = backends == null ? List.of() : List.copyOf(backends);
    }

    public TestOutcome(
            String lab,
            String exercise,
            String exerciseTitle,
            String id,
            String name,
            double points,
            double maxPoints,
            Status status,
            String feedback,
            boolean hidden,
            boolean bonus,
            long millis,
            List<String> backends) {
        this(
                lab,
                exercise,
                exerciseTitle,
                id,
                name,
                points,
                maxPoints,
                status,
                feedback,
                hidden,
                bonus,
                millis,
                backends,
                null);
    }

    public TestOutcome(
            String lab,
            String exercise,
            String exerciseTitle,
            String id,
            String name,
            double points,
            double maxPoints,
            Status status,
            String feedback,
            boolean hidden,
            boolean bonus,
            long millis) {
        this(
                lab,
                exercise,
                exerciseTitle,
                id,
                name,
                points,
                maxPoints,
                status,
                feedback,
                hidden,
                bonus,
                millis,
                List.of());
    }

    /** A planned test that has not run (yet): 0 points, with the reason as feedback. */
    public static TestOutcome notRun(TestOutcome planned, Status status, String why) {
        return new TestOutcome(
                planned.lab,
                planned.exercise,
                planned.exerciseTitle,
                planned.id,
                planned.name,
                0,
                planned.maxPoints,
                status,
                why,
                planned.hidden,
                planned.bonus,
                0);
    }

    /** What the test adds to the maximum score: nothing for a bonus test. */
    public double countedMaxPoints() {
        return bonus ? 0 : maxPoints;
    }

    public boolean passed() {
        return status == Status.PASSED;
    }
}
