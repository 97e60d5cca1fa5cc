package socketlab.grader.hidden.threaded;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import socketlab.grader.core.Exercise;
import socketlab.grader.core.Graded;
import socketlab.grader.core.Trace;
import socketlab.grader.harness.ServerUnderTest;
import socketlab.grader.harness.TcpProbe;
import socketlab.grader.suites.threaded.LiveThreads;
import socketlab.threaded.ThreadedTCPServer;

@Exercise(lab = "lab-threaded", id = "M1", title = "Thread per connection (multi-threaded TCP server)", hidden = true)
class ThreadPerConnectionHiddenTest {

    private static final Duration REPLY_WAIT = Duration.ofSeconds(5);
    /** Each kind of short connection, this many times, one connection after another. */
    private static final int EACH = 10;

    /**
     * The visible suite checks that vanishing clients do not stop the server, not that their threads end:
     * a conversation thread that never ends (a loop that carries on after readLine() returned null or
     * threw) passes it, and leaks one thread per client. A server may keep a few idle threads for the
     * next connections (Executors.newCachedThreadPool's workers wait 60 s for more work while the server
     * runs, and the handout allows it), so what is checked is that the threads left behind do not grow
     * with the connections served: two rounds of the same 40 connections leave as many threads as one.
     */
    @Graded(points = 1, timeoutSeconds = 60)
    @DisplayName("40 short connections, then 40 more (a line, nothing, half a line, a reset), leave no more threads "
            + "behind than the first 40")
    void shortConnectionsLeaveNoThreadBehind() throws Exception {
        LiveThreads threads = LiveThreads.snapshot();
        try (var server = ServerUnderTest.start(() -> new ThreadedTCPServer(0), ThreadedTCPServer::serve)) {
            int port = server.program().port();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
            List<String> afterOne = round(port, 1, deadline, threads);
            List<String> afterTwo = round(port, 1 + 4 * EACH, deadline, threads);

            try (TcpProbe client = TcpProbe.connect(port)) {
                client.sendLine("anyone still there?");
                assertThat(client.readLine(REPLY_WAIT))
                        .as("the reply to a client after the " + 8 * EACH + " short connections")
                        .contains("ANYONE STILL THERE?");
                client.shutdownOutput();
                assertThat(client.closedWithin(REPLY_WAIT))
                        .as("whether the server closed that client's connection after it" + " closed its side")
                        .isTrue();
            }
            assertThat(server.stoppedWith())
                    .as("what serve() stopped with (it should keep running)")
                    .isNull();
            assertThat(afterTwo.size())
                    .as("threads your server had started that were still alive 5 s after the second round of "
                            + 4 * EACH + " short connections: " + afterTwo.size() + " ("
                            + LiveThreads.describe(afterTwo) + "), against "
                            + afterOne.size() + " after the first round (" + LiveThreads.describe(afterOne)
                            + "). They grew with the"
                            + " connections: a thread stays behind for connections whose conversation is over. A "
                            + "connection's thread must"
                            + " end with its conversation: when readLine() returns null (the client closed its side) "
                            + "or throws (the"
                            + " connection was reset), close the connection socket and return. (A few idle pool "
                            + "workers waiting for"
                            + " the next connection are fine: their number does not grow.)")
                    .isLessThanOrEqualTo(afterOne.size() + ALLOWED_GROWTH);
        }
    }

    /**
     * Idle pool workers may differ by a few between rounds: a reset connection's worker may still be busy when the next
     * comes.
     */
    private static final int ALLOWED_GROWTH = 2;

    /**
     * One round of 40 short connections, one after another, 10 of each kind; then the threads left behind after 5 s.
     */
    private static List<String> round(int port, int first, long deadline, LiveThreads threads) throws Exception {
        int notClosed = 0;
        List<String> problems = new ArrayList<>();
        for (int i = first; i < first + 4 * EACH; i++) {
            try (TcpProbe c = TcpProbe.quiet(port)) {
                switch (i % 4) {
                    case 1 -> { // a line, its reply, then a FIN: the usual conversation
                        exchange(c, "short connection " + i, deadline, problems);
                        c.shutdownOutput();
                        notClosed += c.closedBy(deadline) ? 0 : 1;
                    }
                    case 2 -> { // connected, and closed without sending a byte
                        c.shutdownOutput();
                        notClosed += c.closedBy(deadline) ? 0 : 1;
                    }
                    case 3 -> { // half a line, no newline, then a FIN
                        c.send("half a li");
                        c.shutdownOutput();
                        notClosed += c.closedBy(deadline) ? 0 : 1;
                    }
                    default -> { // a line, its reply, then a reset: the server's next read fails
                        exchange(c, "short connection " + i, deadline, problems);
                        c.reset();
                    }
                }
            }
        }
        Trace.current()
                .wire("⇄ " + 4 * EACH + " connections (numbers " + first + " to " + (first + 4 * EACH - 1)
                        + "), one after"
                        + " another, " + EACH
                        + " of each kind: (a) sent a line, read the reply, closed its side (FIN); (b) connected and"
                        + " closed its side without sending a byte; (c) sent \"half a li\" (no newline) and closed "
                        + "its side; (d) sent a"
                        + " line, read the reply, then reset the connection (RST)");
        Trace.current()
                .wire("← of the " + 3 * EACH + " connections that closed their side (a, b, c), the server closed "
                        + (3 * EACH - notClosed) + "; of the " + 2 * EACH + " lines sent by (a) and (d), "
                        + (2 * EACH - problems.size())
                        + " got their line back in upper case"
                        + (problems.isEmpty()
                                ? ""
                                : " (" + String.join("; ", problems.subList(0, Math.min(3, problems.size()))) + ")"));
        assertThat(problems)
                .as("lines sent on the short connections (a) and (d) that did not get their own line back in upper"
                        + " case")
                .isEmpty();
        assertThat(notClosed)
                .as("how many of the " + 3 * EACH + " connections that closed their side (FIN) the server did not"
                        + " close in turn (readLine() returns null when the client closes: the conversation is over)")
                .isZero();
        List<String> left = threads.leftBehind(System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
        Trace.current()
                .program(left.size() + " thread(s) your server started were alive 5 s after connection "
                        + (first + 4 * EACH - 1) + (left.isEmpty() ? "" : ": " + LiveThreads.describe(left)));
        return left;
    }

    /** Sends one line and checks the reply; a wrong or missing reply is added to {@code problems}. */
    private static void exchange(TcpProbe c, String line, long deadline, List<String> problems) throws Exception {
        c.sendLine(line);
        String reply = c.lineBy(deadline);
        String expected = line.toUpperCase(Locale.ROOT);
        if (!reply.equals(expected)) {
            problems.add("sent \"" + line + "\", expected \"" + expected + "\", got "
                    + (reply.startsWith("<") ? reply : "\"" + reply + "\""));
        }
    }
}
