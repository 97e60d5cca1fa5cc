package socketlab.grader.suites.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import socketlab.grader.core.Exercise;
import socketlab.grader.core.Graded;
import socketlab.grader.core.Trace;
import socketlab.grader.harness.ConsoleProgram;
import socketlab.tcp.ResilientClient;

/**
 * T4: a client that survives a bad network. The student's client talks to the grader's stats server through
 * Toxiproxy; the test breaks the path (down, reset_peer, timeout, heavy latency) and repairs it the moment
 * the client reports its first failure, from inside that report: no sleeps, no races. The feedback names
 * the toxics, the seed and the command that reruns the test with that seed.
 */
@Exercise(lab = "lab-tcp", id = "T4", title = "A resilient client (timeouts, reconnection with backoff)")
class ResilientClientTest {

    /** Longer than any correct client needs for one request here (a read timeout, a reconnection, a reply). */
    private static final Duration CALL_LIMIT = Duration.ofSeconds(12);

    /** The client's one-line failure reports, and what the test does when the next one comes. */
    private static final class Reports implements Consumer<String> {
        final List<String> lines = new CopyOnWriteArrayList<>();
        private final AtomicReference<Runnable> onNext = new AtomicReference<>();

        /** Runs {@code repair} (once) when the client reports its next failure. */
        void whenNextReported(Runnable repair) {
            onNext.set(repair);
        }

        @Override
        public void accept(String line) {
            lines.add(line);
            Trace.current().program("your client reported: " + line);
            Runnable repair = onNext.getAndSet(null);
            if (repair != null) {
                repair.run();
            }
        }

        void assertOneLineEach() {
            for (String line : lines) {
                assertThat(line)
                        .as("a failure report from your client (one line, no stack trace)")
                        .doesNotContain("\n")
                        .doesNotContain("\tat ")
                        .isNotBlank();
            }
        }
    }

    private static String ask(ResilientClient client, String request, Reports reports) throws Exception {
        Bounded.Outcome<String> outcome = Bounded.call(CALL_LIMIT, () -> client.request(request));
        rethrowProgramErrors(outcome);
        assertThat(outcome.stillRunning())
                .as("request(\"" + request + "\") must never hang (" + outcome.describe()
                        + "): connect with a timeout, and set a read timeout (setSoTimeout) before waiting "
                        + "for the reply")
                .isFalse();
        assertThat(outcome.returned())
                .as("request(\"" + request + "\") (" + outcome.describe() + "). The grader repairs the "
                        + "network the moment your client reports a failure through its report; your client made "
                        + reports.lines.size() + " report(s), then it must reconnect and succeed")
                .isTrue();
        return outcome.value();
    }

    /** A RuntimeException or Error from the student's code (an unfilled TODO, say) is the test's failure as it is. */
    private static void rethrowProgramErrors(Bounded.Outcome<?> outcome) {
        if (outcome.thrown() instanceof RuntimeException e) {
            throw e;
        }
        if (outcome.thrown() instanceof Error e) {
            throw e;
        }
    }

    private static void assertStats(String reply, String request, String what) {
        StatsReplies.assertStats(java.util.Optional.ofNullable(reply), request, what);
    }

    @Graded(points = 1)
    @DisplayName("the backoff doubles from 100 ms and stops growing at 1600 ms")
    void backoffDoublesAndIsCapped() {
        long[] expected = {100, 200, 400, 800, 1600, 1600, 1600};
        for (int attempt = 1; attempt <= expected.length; attempt++) {
            assertThat(ResilientClient.backoffMillis(attempt))
                    .as("backoffMillis(" + attempt + ")")
                    .isEqualTo(expected[attempt - 1]);
        }
        assertThat(ResilientClient.backoffMillis(100))
                .as("backoffMillis(100): still capped, no overflow")
                .isEqualTo(1600);
    }

    @Graded(points = 1)
    @DisplayName("on a good network: several requests, no failure reported")
    void worksOnAGoodNetwork() throws Exception {
        Reports reports = new Reports();
        try (FakeStatsServer server = FakeStatsServer.answering();
                ResilientClient client = new ResilientClient("127.0.0.1", server.port(), reports)) {
            for (String request : List.of("6 5 9 7 4.2", "1 2 3", "-4 4")) {
                assertStats(ask(client, request, reports), request, "what request() returned");
            }
            assertThat(reports.lines)
                    .as("failure reports on a network with no problem")
                    .isEmpty();
            assertThat(server.connections())
                    .as("connections your client opened for 3 requests (keep the one that works)")
                    .isEqualTo(1);
        }
    }

    @Graded(points = 2, timeoutSeconds = 30)
    @DisplayName("Toxiproxy down, then up: it reports, backs off, reconnects")
    void recoversWhenTheServerComesBack() throws Exception {
        Reports reports = new Reports();
        try (FakeStatsServer server = FakeStatsServer.answering();
                ImpairedPath path = ImpairedPath.to(server.port());
                ResilientClient client = new ResilientClient(path.host(), path.port(), reports)) {
            path.down();
            reports.whenNextReported(path::up);
            assertStats(
                    ask(client, "6 5 9 7 4.2", reports),
                    "6 5 9 7 4.2",
                    "what request() returned when the server was unreachable at "
                            + "first and came back after your client's first failure report");
            assertThat(reports.lines)
                    .as("failure reports while the proxy was down (connections refused)")
                    .isNotEmpty();

            int before = reports.lines.size();
            path.down();
            reports.whenNextReported(path::up);
            assertStats(
                    ask(client, "1 2 3", reports),
                    "1 2 3",
                    "what request() returned after the proxy closed the connection " + "mid-session and came back");
            assertThat(reports.lines.size())
                    .as("failure reports after the connection was cut mid-session")
                    .isGreaterThan(before);
            reports.assertOneLineEach();
        }
    }

    @Graded(points = 2, timeoutSeconds = 30)
    @DisplayName("reset_peer toxic: the connection is reset, it reconnects")
    void recoversFromReset() throws Exception {
        Reports reports = new Reports();
        try (FakeStatsServer server = FakeStatsServer.answering();
                ImpairedPath path = ImpairedPath.to(server.port());
                ResilientClient client = new ResilientClient(path.host(), path.port(), reports)) {
            assertStats(ask(client, "2 4", reports), "2 4", "what request() returned before any toxic");
            path.resetOnReply();
            reports.whenNextReported(path::healed);
            assertStats(
                    ask(client, "6 5 9 7 4.2", reports),
                    "6 5 9 7 4.2",
                    "what request() returned after a reset connection");
            assertThat(reports.lines)
                    .as("failure reports after the connection was reset")
                    .isNotEmpty();
            reports.assertOneLineEach();
        }
    }

    @Graded(points = 2, timeoutSeconds = 30)
    @DisplayName("timeout toxic: no reply comes, the read timeout ends the wait")
    void readTimeoutEndsTheWait() throws Exception {
        Reports reports = new Reports();
        try (FakeStatsServer server = FakeStatsServer.answering();
                ImpairedPath path = ImpairedPath.to(server.port());
                ResilientClient client = new ResilientClient(path.host(), path.port(), reports)) {
            path.repliesStop();
            reports.whenNextReported(path::healed);
            long start = System.nanoTime();
            assertStats(
                    ask(client, "6 5 9 7 4.2", reports),
                    "6 5 9 7 4.2",
                    "what request() returned once replies came through again");
            assertThat(reports.lines)
                    .as("failure reports while no reply could come")
                    .isNotEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .as("how long the request waited for a reply that could not come "
                            + "before giving up on it (READ_TIMEOUT_MILLIS = " + ResilientClient.READ_TIMEOUT_MILLIS
                            + ")")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(ResilientClient.READ_TIMEOUT_MILLIS - 100));
            reports.assertOneLineEach();
        }
    }

    @Graded(points = 1, timeoutSeconds = 30)
    @DisplayName("latency toxic, 500 ms each way: patient, no false alarms")
    void patientUnderHeavyLatency() throws Exception {
        Reports reports = new Reports();
        try (FakeStatsServer server = FakeStatsServer.answering();
                ImpairedPath path = ImpairedPath.to(server.port());
                ResilientClient client = new ResilientClient(path.host(), path.port(), reports)) {
            path.latencyBothWays(Duration.ofMillis(500), Duration.ofMillis(50));
            for (String request : List.of("6 5 9 7 4.2", "10 20")) {
                assertStats(
                        ask(client, request, reports), request, "what request() returned through the latency toxic");
            }
            assertThat(reports.lines)
                    .as("failure reports when replies were slow (about 1 s) but did come: the read timeout "
                            + "must be longer than a slow network's round trip")
                    .isEmpty();
        }
    }

    @Graded(points = 1, timeoutSeconds = 30)
    @DisplayName("a server that never answers the handshake: the connect timeout")
    void connectTimeoutEndsTheWait() throws Exception {
        Reports reports = new Reports();
        try (FakeStatsServer server = FakeStatsServer.notAccepting();
                ResilientClient client = new ResilientClient("127.0.0.1", server.port(), reports)) {
            reports.whenNextReported(server::release);
            assertStats(
                    ask(client, "6 5 9 7 4.2", reports),
                    "6 5 9 7 4.2",
                    "what request() returned once the server accepted connections");
            assertThat(reports.lines)
                    .as("failure reports while the server did not accept connections")
                    .isNotEmpty();
            reports.assertOneLineEach();
        }
    }

    @Graded(points = 1, timeoutSeconds = 30)
    @DisplayName("it gives up after MAX_ATTEMPTS, waiting the backoff in between")
    void givesUpAfterMaxAttempts() throws Exception {
        Reports reports = new Reports();
        try (FakeStatsServer server = FakeStatsServer.hangingUp();
                ResilientClient client = new ResilientClient("127.0.0.1", server.port(), reports)) {
            Bounded.Outcome<String> outcome = Bounded.call(CALL_LIMIT, () -> client.request("1 2 3"));
            rethrowProgramErrors(outcome);
            int max = ResilientClient.MAX_ATTEMPTS;
            assertThat(outcome.thrown())
                    .as("request() when the server hangs up on every request (" + outcome.describe()
                            + "): it must give up with an IOException after " + max + " attempts")
                    .isInstanceOf(IOException.class);
            assertThat(server.requests())
                    .as("requests your client sent before giving up (MAX_ATTEMPTS = " + max + ")")
                    .isEqualTo(max);
            long backoffs = 0;
            for (int attempt = 1; attempt < max; attempt++) {
                backoffs += ResilientClient.backoffMillis(attempt);
            }
            assertThat(outcome.took())
                    .as("how long the " + max + " attempts took: at least the backoff waits between them (" + backoffs
                            + " ms), so a failing server is not hammered")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(backoffs - 50));
            assertThat(reports.lines)
                    .as("failure reports: one per failed attempt that is followed by another")
                    .hasSizeGreaterThanOrEqualTo(max - 1);
            reports.assertOneLineEach();
        }
    }

    @Graded(points = 1, timeoutSeconds = 30)
    @DisplayName("the program reports each failure in one line, no stack trace")
    void programReportsFailuresInOneLine() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort(); // nobody listens there once it is closed: connections are refused
        }
        ConsoleProgram.Result run = ConsoleProgram.java(ResilientClient.class)
                .args("127.0.0.1", closedPort)
                .stdin("1 2 3\n")
                .limit(Duration.ofSeconds(20))
                .run();
        assertThat(run.timedOut())
                .as("the client program must end on its own when no server ever answers")
                .isFalse();
        assertThat(run.exitCode())
                .as("the client program's exit code after giving up (not 0: it failed)")
                .isNotZero();
        assertThat(run.stderr())
                .as("what the client program printed on standard error")
                .isNotBlank()
                .doesNotContain("Exception in thread")
                .doesNotContain("\tat ");
        assertThat(run.stderr().lines().filter(line -> !line.isBlank()).count())
                .as("lines on standard error: one per failed attempt (MAX_ATTEMPTS = " + ResilientClient.MAX_ATTEMPTS
                        + ")")
                .isGreaterThanOrEqualTo(ResilientClient.MAX_ATTEMPTS - 1);
    }
}
