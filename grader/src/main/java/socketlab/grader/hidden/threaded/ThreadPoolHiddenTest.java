package socketlab.grader.hidden.threaded;

import static org.assertj.core.api.Assertions.assertThat;

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
import socketlab.threaded.PooledTCPServer;

@Exercise(lab = "lab-threaded", id = "M2", title = "A bounded thread pool with graceful shutdown", hidden = true)
class ThreadPoolHiddenTest {

    private static final int LONG_IDLE_MILLIS = 30_000;
    /**
     * A graceful close() with no conversation in progress needs a few ms; one that sits out the grace period needs
     * 3000.
     */
    private static final long IDLE_CLOSE_LIMIT_MILLIS = PooledTCPServer.SHUTDOWN_GRACE_MILLIS * 2 / 3;

    /**
     * The visible suite times close() only with a conversation in progress or clients that never leave,
     * and allows the whole grace period and more: a close() that calls awaitTermination without
     * shutdown() first (so it always waits the full grace period, then cuts with shutdownNow()) passes it.
     */
    @Graded(points = 1, timeoutSeconds = 40)
    @DisplayName(
            "once every client has left, close() returns at once, not after the grace period, and leaves no worker "
                    + "behind")
    void closeWithNoConversationReturnsAtOnce() throws Exception {
        LiveThreads threads = LiveThreads.snapshot();
        int workers = 4;
        int clients = 2 * workers;
        try (var server = ServerUnderTest.start(
                () -> new PooledTCPServer(0, workers, LONG_IDLE_MILLIS), PooledTCPServer::serve)) {
            int port = server.program().port();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            List<String> problems = new ArrayList<>();
            for (int i = 1; i <= clients; i++) {
                try (TcpProbe c = TcpProbe.quiet(port)) {
                    String line = "client " + i + " of " + clients + ", just passing through";
                    c.sendLine(line);
                    String reply = c.lineBy(deadline);
                    if (!reply.equals(line.toUpperCase(Locale.ROOT))) {
                        problems.add("sent \"" + line + "\", expected \"" + line.toUpperCase(Locale.ROOT) + "\", got "
                                + (reply.startsWith("<") ? reply : "\"" + reply + "\""));
                    }
                    c.shutdownOutput();
                    if (!c.closedBy(deadline)) {
                        problems.add("client " + i
                                + " closed its side, but the server did not close the connection in turn");
                    }
                }
            }
            Trace.current()
                    .wire("⇄ " + clients + " clients on " + workers
                            + " workers, one after another: each sent a line, read the"
                            + " reply, closed its side (FIN) and waited for the server to close the connection"
                            + (problems.isEmpty()
                                    ? "; all went as expected"
                                    : ": " + String.join("; ", problems.subList(0, Math.min(3, problems.size())))));
            assertThat(problems)
                    .as("what went wrong with the " + clients + " clients before close() was called")
                    .isEmpty();

            long start = System.nanoTime();
            server.closeProgram();
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            Trace.current()
                    .program("close() was called with no client connected (every worker idle), and returned after "
                            + tookMillis + " ms");
            assertThat(tookMillis)
                    .as("how long close() took (ms) with no conversation in progress, expected well under the "
                            + "grace period"
                            + " of " + PooledTCPServer.SHUTDOWN_GRACE_MILLIS + " ms (below "
                            + IDLE_CLOSE_LIMIT_MILLIS + "): the grace period is"
                            + " for conversations in progress, and there were none. After pool.shutdown(), "
                            + "awaitTermination() returns as soon"
                            + " as the idle workers have ended; without shutdown() first, it always waits "
                            + "the whole grace period")
                    .isLessThan(IDLE_CLOSE_LIMIT_MILLIS);

            List<String> left = threads.leftBehind(System.nanoTime() + TimeUnit.SECONDS.toNanos(3));
            assertThat(left)
                    .as("threads your server started that were still alive 3 s after close() returned, expected none: "
                            + LiveThreads.describe(left)
                            + ". close() should shut the pool down (shutdown(), then awaitTermination())"
                            + " so that its idle workers end")
                    .isEmpty();
        }
    }
}
