package socketlab.grader.run;

import java.util.List;
import socketlab.grader.results.TestOutcome;

/**
 * What {@code --test X} selects, as one value the supervisor and the test JVM share: each X is an exercise
 * ({@code U1}), a test ({@code U1.repliesInUpperCase}) or a method name; none selects every test.
 */
record TestSelection(List<String> wanted) {

    TestSelection {
        wanted = List.copyOf(wanted);
    }

    boolean selects(TestOutcome test) {
        return wanted.isEmpty() || wanted.stream().anyMatch(want -> matches(want, test));
    }

    private static boolean matches(String want, TestOutcome test) {
        return want.equalsIgnoreCase(test.exercise())
                || want.equals(test.id())
                || want.equals(test.id().substring(test.id().indexOf('.') + 1));
    }
}
