package socketlab.grader.suites.threaded;

import static org.assertj.core.api.Assertions.assertThat;

import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import socketlab.grader.core.Exercise;
import socketlab.grader.core.Graded;
import socketlab.grader.core.Trace;
import socketlab.grader.harness.ServerUnderTest;
import socketlab.grader.harness.TcpProbe;
import socketlab.grader.toxiproxy.TcpPath;
import socketlab.threaded.ThreadedTCPServer;

@Exercise(lab = "lab-threaded", id = "M1", title = "Thread per connection (multi-threaded TCP server)")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ThreadPerConnectionTest {

    private static final Duration REPLY_WAIT = Duration.ofSeconds(5);
    /** How long the twenty other clients get, all together, while one client stalls. */
    private static final Duration CROWD_WAIT = Duration.ofSeconds(8);

    private static final int CROWD = 20;

    private static final Duration LATENCY = Duration.ofMillis(200);
    private static final int ROUND_TRIPS = 3;

    @Order(1)
    @Graded(points = 2)
    @DisplayName("every line of a connection is answered in upper case, until the client closes")
    void answersEveryLineUntilClientCloses() throws Exception {
        try (var server = ServerUnderTest.start(() -> new ThreadedTCPServer(0), ThreadedTCPServer::serve);
                TcpProbe client = TcpProbe.connect(server.program().port())) {
            for (String line : List.of("first line", "second line, same connection", "third: 3 > 2!")) {
                // The second line ends as telnet and nc -C end lines: "\r\n". The \r belongs to the line end.
                client.send(line + (line.startsWith("second") ? "\r\n" : "\n"));
                assertThat(client.readLine(REPLY_WAIT))
                        .as("the reply to \"" + line + "\" (the connection stays open for more lines)")
                        .contains(line.toUpperCase(Locale.ROOT));
            }
            client.shutdownOutput();
            assertThat(client.closedWithin(REPLY_WAIT))
                    .as("whether the server closed the connection after the client closed its side (readLine() "
                            + "returned null)")
                    .isTrue();
        }
    }

    @Order(2)
    @Graded(points = 3, timeoutSeconds = 30)
    @DisplayName("20 clients are served while another client is connected and silent")
    void servesOthersWhileOneClientIsSilent() throws Exception {
        try (var server = ServerUnderTest.start(() -> new ThreadedTCPServer(0), ThreadedTCPServer::serve);
                TcpProbe silent = TcpProbe.connect(server.program().port())) {
            // The silent client connected first: a one-at-a-time server accepts it and waits for its line.
            int port = server.program().port();
            crowdIsServed(port, "while the first client was connected and silent");

            silent.sendLine("sorry, i was thinking");
            assertThat(silent.readLine(REPLY_WAIT))
                    .as("the silent client's reply, once it finally sent its line")
                    .contains("SORRY, I WAS THINKING");
        }
    }

    @Order(3)
    @Graded(points = 2, timeoutSeconds = 30)
    @DisplayName("20 clients are served while another client's bytes are held by a timeout toxic")
    void servesOthersWhileOneClientIsBehindTimeoutToxic() throws Exception {
        try (var server = ServerUnderTest.start(() -> new ThreadedTCPServer(0), ThreadedTCPServer::serve);
                TcpPath path = TcpPath.to(server.program().port())) {
            int port = server.program().port();
            try (TcpProbe stalled = TcpProbe.connect(path.host(), path.port())) {
                // One line through the proxy first, so that the server has surely accepted this connection.
                stalled.sendLine("hello through the proxy");
                assertThat(stalled.readLine(REPLY_WAIT))
                        .as("the reply to the first line through the proxy (no toxic yet)")
                        .contains("HELLO THROUGH THE PROXY");
                // Now the proxy holds everything this client sends: the server waits for its next line.
                path.proxy().toxics().timeout("timeout_upstream", ToxicDirection.UPSTREAM, 0);
                Trace.current().impairment(path.describe() + " (on the stalled client's connection only)");
                stalled.sendLine("this line is held by the proxy");

                crowdIsServed(port, "while the client behind the timeout toxic was waiting for its second line");
            }
        }
    }

    @Order(4)
    @Graded(points = 3, timeoutSeconds = 30)
    @DisplayName("20 clients behind 200 ms latency finish in about the time of one, not 20 times it")
    void latencyIsOverlapped() throws Exception {
        try (var server = ServerUnderTest.start(() -> new ThreadedTCPServer(0), ThreadedTCPServer::serve);
                TcpPath path = TcpPath.to(server.program().port())) {
            path.latency(LATENCY, Duration.ZERO);

            long soloStart = System.nanoTime();
            Crowd.Result<Void> solo = Crowd.run(
                    1,
                    System.nanoTime() + TimeUnit.SECONDS.toNanos(10),
                    client -> deadline -> conversation(path, client, deadline));
            long soloMillis = (System.nanoTime() - soloStart) / 1_000_000;
            assertThat(solo.failed())
                    .as("one client alone: " + ROUND_TRIPS + " lines, each answered through " + LATENCY.toMillis()
                            + " ms latency (" + solo.firstProblems(1) + ")")
                    .isEmpty();
            Trace.current().wire("⇄ one client alone: " + ROUND_TRIPS + " round trips in " + soloMillis + " ms");

            // One at a time, each client holds the server for at least ROUND_TRIPS latencies; twenty of them
            // then need at least 20 x 3 x 200 ms = 12 s. Side by side they need about what one needs.
            long oneAtATimeMillis = (long) CROWD * ROUND_TRIPS * LATENCY.toMillis();
            long allowedMillis = oneAtATimeMillis / 2;
            Crowd.Result<Void> crowd = Crowd.run(
                    CROWD,
                    System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(allowedMillis),
                    client -> deadline -> conversation(path, client, deadline));
            Trace.current()
                    .wire("⇄ " + CROWD + " clients at once: "
                            + (CROWD - crowd.failed().size()) + " finished their " + ROUND_TRIPS
                            + " round trips within " + allowedMillis + " ms"
                            + (crowd.failed().isEmpty() ? "" : " (" + crowd.firstProblems(3) + ")"));
            assertThat(crowd.failed().size())
                    .as(CROWD + " clients behind " + LATENCY.toMillis() + " ms latency, each sending " + ROUND_TRIPS
                            + " lines one after another: how many were not finished after " + allowedMillis
                            + " ms. One client alone took "
                            + soloMillis
                            + " ms; served side by side, 20 take about as long. Served one at a time they need at "
                            + "least "
                            + oneAtATimeMillis + " ms (20 x " + ROUND_TRIPS + " x " + LATENCY.toMillis()
                            + " ms), because the server waits out every round trip of one client before it accepts "
                            + "the next. "
                            + "Does serve() hand each connection to a new thread and go straight back to accept()?")
                    .isZero();
        }
    }

    @Order(5)
    @Graded(points = 1)
    @DisplayName("clients that vanish (connect and close, or close mid-line) do not stop the server")
    void survivesClientsThatVanish() throws Exception {
        try (var server = ServerUnderTest.start(() -> new ThreadedTCPServer(0), ThreadedTCPServer::serve)) {
            int port = server.program().port();
            try (TcpProbe quitter = TcpProbe.connect(port)) {
                quitter.shutdownOutput();
                quitter.closedWithin(REPLY_WAIT);
            }
            try (TcpProbe halfway = TcpProbe.connect(port)) {
                halfway.send("half a li");
            }
            try (TcpProbe client = TcpProbe.connect(port)) {
                client.sendLine("still serving?");
                assertThat(client.readLine(REPLY_WAIT))
                        .as("the reply to the next client, after two clients vanished")
                        .contains("STILL SERVING?");
            }
            assertThat(server.stoppedWith())
                    .as("what serve() stopped with (it should keep running)")
                    .isNull();
        }
    }

    @Order(6)
    @Graded(points = 1)
    @DisplayName("a line with no end (1 MB, no newline) ends that client's connection as soon as it passes 16 KB")
    void refusesALineWithNoEnd() throws Exception {
        try (var server = ServerUnderTest.start(() -> new ThreadedTCPServer(0), ThreadedTCPServer::serve)) {
            int port = server.program().port();
            try (TcpProbe flooder = TcpProbe.connect(port)) {
                try {
                    flooder.sendRepeated("a", 1_000_000);
                } catch (UncheckedIOException hungUp) {
                    // the server closed the connection while the line was still coming: what it should do
                }
                assertThat(flooder.closedWithin(REPLY_WAIT))
                        .as("whether the server closed the connection of a client that sent"
                                + " 1,000,000 bytes without a newline (MAX_LINE_BYTES is "
                                + ThreadedTCPServer.MAX_LINE_BYTES + "). Reading"
                                + " it with BufferedReader.readLine keeps every byte until a newline that may never "
                                + "come: read with"
                                + " Lines.read(in, MAX_LINE_BYTES) (TODO 4)")
                        .isTrue();
            }
            try (TcpProbe client = TcpProbe.connect(port)) {
                client.sendLine("still there?");
                assertThat(client.readLine(REPLY_WAIT))
                        .as("the reply to the next client")
                        .contains("STILL THERE?");
            }
        }
    }

    /** Twenty clients connect at once, each sends a line, and each must get its own line back in upper case. */
    private static void crowdIsServed(int port, String situation) throws Exception {
        long deadline = System.nanoTime() + CROWD_WAIT.toNanos();
        Crowd.Result<Void> crowd = Crowd.run(CROWD, deadline, client -> until -> {
            try (TcpProbe c = TcpProbe.quiet(port)) {
                String line = "client " + client + " of " + CROWD + " says hi";
                c.sendLine(line);
                String reply = c.lineBy(until);
                if (!reply.equals(line.toUpperCase(Locale.ROOT))) {
                    throw new Crowd.Problem(
                            "sent \"" + line + "\", got " + (reply.startsWith("<") ? reply : "\"" + reply + "\""));
                }
                return null;
            }
        });
        Trace.current()
                .wire("⇄ " + CROWD + " other clients connected at once and sent a line each: "
                        + (CROWD - crowd.failed().size()) + " got their reply within " + CROWD_WAIT.toSeconds() + " s"
                        + (crowd.failed().isEmpty() ? "" : " (" + crowd.firstProblems(3) + ")"));
        boolean anyWaiting = crowd.failed().stream().anyMatch(o -> o.problem().contains("no reply in time"));
        assertThat(crowd.failed().size())
                .as("how many of " + CROWD + " clients got no upper-case reply within " + CROWD_WAIT.toSeconds() + " s "
                        + situation + ". "
                        + (anyWaiting
                                ? "A server that serves one connection at a time is still waiting for that client's "
                                        + "line and has not"
                                        + " even accepted the others: hand each connection socket to its own thread "
                                        + "(TODO 3) and go straight back to accept()"
                                : "The server closed their connections without a reply: see what your program printed"))
                .isZero();
    }

    /** One client's conversation through the path: ROUND_TRIPS lines, each waiting for its reply, then close. */
    private static Void conversation(TcpPath path, int client, long deadline) throws Exception {
        try (TcpProbe c = TcpProbe.quiet(path.host(), path.port())) {
            for (int round = 1; round <= ROUND_TRIPS; round++) {
                String line = "client " + client + ", line " + round;
                c.sendLine(line);
                String reply = c.lineBy(deadline);
                if (!reply.equals(line.toUpperCase(Locale.ROOT))) {
                    throw new Crowd.Problem(
                            "sent \"" + line + "\", got " + (reply.startsWith("<") ? reply : "\"" + reply + "\""));
                }
            }
            c.shutdownOutput();
            return null;
        }
    }
}
