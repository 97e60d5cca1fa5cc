package socketlab.grader.suites.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static socketlab.grader.suites.tcp.StatsReplies.assertError;
import static socketlab.grader.suites.tcp.StatsReplies.assertStats;
import static socketlab.grader.suites.tcp.StatsReplies.expectedReply;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import socketlab.grader.core.Exercise;
import socketlab.grader.core.Graded;
import socketlab.grader.core.Trace;
import socketlab.grader.harness.ConsoleProgram;
import socketlab.grader.harness.FakeTcpServer;
import socketlab.grader.harness.ServerUnderTest;
import socketlab.grader.harness.TcpProbe;
import socketlab.tcp.StatsClient;
import socketlab.tcp.StatsServer;

/**
 * T2: the stats service over TCP, with framing. The impaired tests run through Toxiproxy: "slicer" delivers
 * the bytes a few at a time (the byte-stream question: one send is not one recv), "latency" delays them.
 * Each failure's feedback names the toxics, the seed, and the command that reruns the test with that seed.
 */
@Exercise(lab = "lab-tcp", id = "T2", title = "Stats over TCP with framing")
class StatsTcpTest {

    private static final Duration REPLY_WAIT = Duration.ofSeconds(5);

    private static ServerUnderTest<StatsServer> startServer() throws Exception {
        return ServerUnderTest.start(() -> new StatsServer(0), StatsServer::serve);
    }

    /** A few requests drawn from the test's seed: 3 to 8 numbers each, integers and decimals, some negative. */
    private static List<String> seededRequests(int count) {
        SplittableRandom random = new SplittableRandom(Trace.current().seed());
        return java.util.stream.IntStream.range(0, count)
                .mapToObj(i -> {
                    int n = 3 + random.nextInt(6);
                    StringBuilder line = new StringBuilder();
                    for (int k = 0; k < n; k++) {
                        int whole = random.nextInt(-50, 200);
                        line.append(k == 0 ? "" : " ")
                                .append(
                                        random.nextBoolean()
                                                ? String.valueOf(whole)
                                                : whole + "." + random.nextInt(1, 100));
                    }
                    return line.toString();
                })
                .toList();
    }

    @Graded(points = 2)
    @DisplayName("the server answers total, lowest, highest and mean")
    void serverAnswersOneRequest() throws Exception {
        try (var server = startServer();
                TcpProbe client = TcpProbe.connect(server.program().port())) {
            client.sendLine("6 5 9 7 4.2");
            assertStats(client.readLine(REPLY_WAIT), "6 5 9 7 4.2", "the server's reply");
        }
    }

    @Graded(points = 2)
    @DisplayName("several requests on one connection, two in one write")
    void serverAnswersSeveralRequestsOnOneConnection() throws Exception {
        try (var server = startServer();
                TcpProbe client = TcpProbe.connect(server.program().port())) {
            List<String> requests = seededRequests(4);
            for (int i = 0; i < requests.size(); i++) {
                client.sendLine(requests.get(i));
                assertStats(
                        client.readLine(REPLY_WAIT),
                        requests.get(i),
                        "the reply to request " + (i + 1) + " of " + requests.size()
                                + " on the same connection (the server must keep reading until the client closes)");
            }
            client.send("1 2 3\r\n10 20\n");
            assertStats(
                    client.readLine(REPLY_WAIT),
                    "1 2 3",
                    "the first reply when two request lines, \"1 2 3\\r\\n\" (ended as telnet ends lines) and \"10 "
                            + "20\\n\","
                            + " came in one write (one read may hold two messages: split at the newlines)");
            assertStats(
                    client.readLine(REPLY_WAIT), "10 20", "the second reply when two request lines came in one write");
        }
    }

    @Graded(points = 2)
    @DisplayName("the server waits for the newline: a request in small pieces")
    void serverWaitsForTheNewline() throws Exception {
        try (var server = startServer();
                TcpProbe client = TcpProbe.connect(server.program().port())) {
            client.send("5 4 6");
            assertThat(client.silentFor(Duration.ofMillis(500)))
                    .as("the server must not answer \"5 4 6\" before its newline has arrived (one read is not "
                            + "one message)")
                    .isTrue();
            client.send(" 9 3.4\n");
            assertStats(
                    client.readLine(REPLY_WAIT),
                    "5 4 6 9 3.4",
                    "the reply to a request sent as \"5 4 6\" and then \" 9 3.4\\n\"");
            String request = seededRequests(1).get(0);
            client.sendInPieces(request + "\n", 1);
            assertStats(client.readLine(REPLY_WAIT), request, "the reply to a request written one byte per write");
        }
    }

    @Graded(points = 2, timeoutSeconds = 30)
    @DisplayName("slicer toxic: the requests arrive a few bytes at a time")
    void serverUnderSlicer() throws Exception {
        try (var server = startServer();
                ImpairedPath path = ImpairedPath.observedTo(server.program().port())) {
            path.slicerUpstream(3, 2, Duration.ofMillis(2));
            try (TcpProbe client = TcpProbe.throughProxy(path.host(), path.port())) {
                List<String> requests = seededRequests(5);
                for (String request : requests) {
                    client.sendLine(request);
                    assertStats(client.readLine(REPLY_WAIT), request, "the reply, through the slicer toxic,");
                }
            }
        }
    }

    @Graded(points = 1, timeoutSeconds = 30)
    @DisplayName("latency toxic, 150 ms each way: requests on one connection")
    void serverUnderLatency() throws Exception {
        try (var server = startServer();
                ImpairedPath path = ImpairedPath.observedTo(server.program().port())) {
            path.latencyBothWays(Duration.ofMillis(150), Duration.ofMillis(30));
            try (TcpProbe client = TcpProbe.throughProxy(path.host(), path.port())) {
                for (String request : seededRequests(3)) {
                    client.sendLine(request);
                    assertStats(client.readLine(REPLY_WAIT), request, "the reply, through the latency toxic,");
                }
            }
        }
    }

    @Graded(points = 2)
    @DisplayName("bad input gets a one-line ERROR reply; the connection goes on")
    void serverRepliesErrorToBadInput() throws Exception {
        try (var server = startServer();
                TcpProbe client = TcpProbe.connect(server.program().port())) {
            String[][] bad = {
                {"", "an empty line"},
                {"1 two 3", "a word that is not a number"},
                {"4 NaN", "NaN is not a finite number"},
                {"1e999 2", "1e999 is too large to be a finite number"},
                {"1d 2f", "1d and 2f are Java's syntax, not decimal numbers as the handout writes them"},
                {"0x1p3", "0x1p3 is Java's hexadecimal syntax, not a decimal number"},
                {"1e308 1e308", "each is finite, but their total is too large to be"},
            };
            for (String[] request : bad) {
                client.sendLine(request[0]);
                assertError(client.readLine(REPLY_WAIT), request[0], request[1]);
            }
            client.sendLine("2 4");
            assertStats(
                    client.readLine(REPLY_WAIT),
                    "2 4",
                    "the reply to a good request after the bad ones, on the same connection");
            assertThat(server.isServing())
                    .as("the server is still serving after bad input")
                    .isTrue();
        }
    }

    @Graded(points = 2, timeoutSeconds = 30)
    @DisplayName("a line over 1024 bytes is refused at once, not kept in memory")
    void serverRefusesOverlongLine() throws Exception {
        try (var server = startServer()) {
            try (TcpProbe client = TcpProbe.connect(server.program().port())) {
                client.sendRepeated("1 ", 1000);
                assertError(
                        client.readLine(REPLY_WAIT),
                        "1 1 1 … (2000 bytes, and no newline yet)",
                        "longer than StatsServer.MAX_LINE_BYTES = " + StatsServer.MAX_LINE_BYTES
                                + " bytes; the server must refuse it "
                                + "as soon as it has read more than the limit, not wait for a newline that may never "
                                + "come");
                client.sendRepeated("1 ", 1_000_000);
                client.send("\n3 4\n");
                assertStats(
                        client.readLine(REPLY_WAIT),
                        "3 4",
                        "the reply to the next request on the same connection, after the "
                                + "rest of the 2 MB line (the server must skip it up to its newline, keeping none of "
                                + "it)");
            }
            try (TcpProbe next = TcpProbe.connect(server.program().port())) {
                next.sendLine("7 8");
                assertStats(next.readLine(REPLY_WAIT), "7 8", "the reply to the next client");
            }
        }
    }

    @Graded(points = 2)
    @DisplayName("the client sends one line per request, returns the reply line")
    void clientSendsLinesAndReturnsReplies() throws Exception {
        try (FakeTcpServer server = FakeTcpServer.start().replyWith(StatsReplies::fakeServerReply);
                StatsClient client = new StatsClient("127.0.0.1", server.port())) {
            for (String request : seededRequests(3)) {
                String reply = client.request(request);
                assertThat(server.takeLine(REPLY_WAIT))
                        .as("the line your client sent for request()")
                        .contains(request);
                assertThat(reply)
                        .as("what request(" + StatsReplies.quote(request)
                                + ") returned (the server's whole reply line, " + "without its newline)")
                        .isEqualTo(expectedReply(request));
            }
        }
    }

    @Graded(points = 1)
    @DisplayName("the client reads reply lines ended by \\r\\n (telnet's line end) without the \\r")
    void clientReadsCrlfLines() throws Exception {
        try (FakeTcpServer server = FakeTcpServer.start()
                        .replyWith(StatsReplies::fakeServerReply)
                        .lineEnd("\r\n");
                StatsClient client = new StatsClient("127.0.0.1", server.port())) {
            for (String request : seededRequests(2)) {
                String reply = client.request(request);
                assertThat(reply)
                        .as("what request(" + StatsReplies.quote(request) + ") returned when the reply line ended"
                                + " with \"\\r\\n\": a \\r before the newline belongs to the line end "
                                + "(LineReader.readLine() drops"
                                + " it), not to the reply")
                        .isEqualTo(expectedReply(request));
            }
        }
    }

    @Graded(points = 2, timeoutSeconds = 30)
    @DisplayName("slicer toxic on the replies: the client reads to the newline")
    void clientReadsWholeReplyUnderSlicer() throws Exception {
        try (FakeTcpServer server = FakeTcpServer.start().replyWith(StatsReplies::fakeServerReply);
                ImpairedPath path = ImpairedPath.to(server.port())) {
            path.slicerDownstream(2, 1, Duration.ofMillis(3));
            try (StatsClient client = new StatsClient(path.host(), path.port())) {
                for (String request : seededRequests(3)) {
                    String reply = client.request(request);
                    assertThat(reply)
                            .as("what request(" + StatsReplies.quote(request)
                                    + ") returned when the reply came in pieces "
                                    + "(read until the newline, not just once)")
                            .isEqualTo(expectedReply(request));
                }
            }
        }
    }

    @Graded(points = 1)
    @DisplayName("the client program prints total, lowest, highest and mean")
    void clientProgramPrintsStats() {
        try (FakeTcpServer server = FakeTcpServer.start().replyWith(StatsReplies::fakeServerReply)) {
            ConsoleProgram.Result run = ConsoleProgram.java(StatsClient.class)
                    .args("127.0.0.1", server.port())
                    .stdin("5 4 6 9 3.4\n1 2\n")
                    .run();
            Optional<String> first = server.takeLine(REPLY_WAIT);
            assertThat(first).as("the first line the client program sent").contains("5 4 6 9 3.4");
            assertThat(run.stdout())
                    .as("what the client program printed for \"5 4 6 9 3.4\" (the reply was "
                            + StatsReplies.quote(expectedReply("5 4 6 9 3.4")) + ")")
                    .contains("27.4", "3.4", "9.0");
            assertThat(run.stdout())
                    .as("what the client program printed for the second line, \"1 2\" (the reply was "
                            + StatsReplies.quote(expectedReply("1 2")) + ")")
                    .contains("1.5");
            assertThat(run.exitCode())
                    .as("the client program's exit code at the end of its input")
                    .isZero();
        }
    }
}
