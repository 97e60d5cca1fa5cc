package socketlab.grader.run;

import socketlab.grader.results.TestOutcome;

/** What {@code --test X} selects: an exercise ({@code U1}), a test ({@code U1.repliesInUpperCase}) or a method name. */
final class TestSelection {

    private TestSelection() {
    }

    static boolean matches(String want, TestOutcome test) {
        return want.equalsIgnoreCase(test.exercise())
                || want.equals(test.id())
                || want.equals(test.id().substring(test.id().indexOf('.') + 1));
    }
}
