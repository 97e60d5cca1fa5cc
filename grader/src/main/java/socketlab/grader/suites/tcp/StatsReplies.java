package socketlab.grader.suites.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Optional;

/** The grader's own arithmetic for the stats protocol, and the checks of a "total lowest highest mean" reply. */
final class StatsReplies {

    private StatsReplies() {}

    /** The reply the protocol asks for, e.g. "31.2 4.2 9.0 6.24" for "6 5 9 7 4.2". */
    static String expectedReply(String request) {
        double[] numbers = Arrays.stream(request.trim().split("\\s+"))
                .mapToDouble(Double::parseDouble)
                .toArray();
        double total = Arrays.stream(numbers).sum();
        double lowest = Arrays.stream(numbers).min().orElseThrow();
        double highest = Arrays.stream(numbers).max().orElseThrow();
        return total + " " + lowest + " " + highest + " " + total / numbers.length;
    }

    /**
     * What the grader's fake stats server answers: the expected reply, or an ERROR line for a request it cannot parse.
     */
    static String fakeServerReply(String request) {
        try {
            return expectedReply(request);
        } catch (RuntimeException e) {
            return "ERROR the grader's fake server cannot read " + quote(request) + " as numbers";
        }
    }

    /** Checks that {@code reply} is the right four numbers (to 1e-6) for {@code request}. */
    static void assertStats(Optional<String> reply, String request, String what) {
        String expected = expectedReply(request);
        String described = what + " to the request \"" + request + "\" (expected a line like \"" + expected
                + "\": total, lowest, highest and mean)";
        assertThat(reply).as(described).isPresent();
        String line = reply.orElseThrow();
        String[] words = line.trim().split("\\s+");
        assertThat(words.length)
                .as(described + ": the number of words in " + quote(line))
                .isEqualTo(4);
        double[] got = new double[4];
        for (int i = 0; i < 4; i++) {
            try {
                got[i] = Double.parseDouble(words[i]);
            } catch (NumberFormatException e) {
                throw new AssertionError(described + ": \"" + words[i] + "\" in " + quote(line) + " is not a number");
            }
        }
        double[] want = Arrays.stream(expected.split(" "))
                .mapToDouble(Double::parseDouble)
                .toArray();
        assertThat(got)
                .as(described + ": total, lowest, highest, mean in " + quote(line))
                .containsExactly(want, within(1e-6));
    }

    /** Checks that {@code reply} is an "ERROR ..." line. */
    static void assertError(Optional<String> reply, String request, String why) {
        String described = "the server's reply to the bad request " + quote(request) + " (" + why
                + "): expected one line starting with \"ERROR\", and the connection still open";
        assertThat(reply).as(described).isPresent();
        assertThat(reply.orElseThrow()).as(described).startsWith("ERROR");
    }

    static String quote(String s) {
        return socketlab.grader.harness.Text.quote(s);
    }
}
