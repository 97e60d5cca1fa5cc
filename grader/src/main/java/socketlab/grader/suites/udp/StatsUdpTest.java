package socketlab.grader.suites.udp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import socketlab.grader.core.Exercise;
import socketlab.grader.core.Graded;
import socketlab.grader.core.Trace;
import socketlab.grader.harness.ConsoleProgram;
import socketlab.grader.harness.FakeUdpServer;
import socketlab.grader.harness.ServerUnderTest;
import socketlab.grader.harness.UdpProbe;
import socketlab.grader.relay.Direction;
import socketlab.grader.relay.Impairment;
import socketlab.grader.relay.RelayEvent;
import socketlab.udp.UDPStatsClient;
import socketlab.udp.UDPStatsServer;

@Exercise(lab = "lab-udp", id = "U2", title = "Stats over UDP (total, lowest, highest, mean)")
class StatsUdpTest {

    private static final Duration REPLY_WAIT = Duration.ofSeconds(3);

    @Graded(points = 2)
    @DisplayName("the server answers a set of numbers with its total, lowest, highest and mean")
    void serverComputesStats() throws Exception {
        try (var server = ServerUnderTest.start(() -> new UDPStatsServer(0), UDPStatsServer::serve);
                UdpProbe client = UdpProbe.to(server.program().port())) {
            for (String numbers : List.of("6 5 9 7 4.2", "-3 10 2.5", "42")) {
                client.send(numbers);
                assertStats(client.receive(REPLY_WAIT), numbers);
            }
        }
    }

    @Graded(points = 2)
    @DisplayName("the server replies to each sender's own address and port, not to a fixed port")
    void serverRepliesToEachSender() throws Exception {
        try (var server = ServerUnderTest.start(() -> new UDPStatsServer(0), UDPStatsServer::serve);
                UdpProbe alice = UdpProbe.to(server.program().port());
                UdpProbe bob = UdpProbe.to(server.program().port())) {
            alice.send("1 2 3");
            bob.send("10 20");
            Optional<String> toBob = bob.receive(REPLY_WAIT);
            assertThat(toBob)
                    .as("the reply at bob's port " + bob.localPort() + " to \"10 20\" (the tutorial's server sends"
                            + " every reply to port 8000: reply to the address and port the request came from)")
                    .isPresent();
            assertStats(toBob, "10 20");
            assertStats(alice.receive(REPLY_WAIT), "1 2 3");
        }
    }

    @Graded(points = 2)
    @DisplayName("the server answers non-numeric and empty requests with ERROR and keeps serving")
    void serverAnswersBadInputWithError() throws Exception {
        try (var server = ServerUnderTest.start(() -> new UDPStatsServer(0), UDPStatsServer::serve);
                UdpProbe client = UdpProbe.to(server.program().port())) {
            // Java's own syntax (1d, 2f, 0x1p3) is not a number here, and finite numbers may add up to an infinite
            // total
            for (String bad : List.of("6 five 9", "", "   ", "1,5 2", "1d 2", "2f", "0x1p3", "1e308 1e308")) {
                client.send(bad);
                assertError(client.receive(REPLY_WAIT), Text.describe(bad));
            }
            client.send("2 4");
            assertStats(client.receive(REPLY_WAIT), "2 4");
            assertThat(server.isServing())
                    .as("the server is still serving after bad requests")
                    .isTrue();
        }
    }

    @Graded(points = 1)
    @DisplayName("the server survives a 64 KB datagram, garbage bytes and unknown commands")
    void serverSurvivesHostileDatagrams() throws Exception {
        byte[] huge = new byte[65_000];
        new Random(Trace.current().seed()).nextBytes(huge);
        try (var server = ServerUnderTest.start(() -> new UDPStatsServer(0), UDPStatsServer::serve);
                UdpProbe client = UdpProbe.to(server.program().port())) {
            client.send(huge);
            assertError(client.receive(REPLY_WAIT), "a 65000-byte datagram of random bytes");
            client.send(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2});
            assertError(client.receive(REPLY_WAIT), "the bytes ff fe 00 01 02");
            client.send("HELLO");
            assertError(client.receive(REPLY_WAIT), "the unknown command \"HELLO\"");
            client.send("3 1 2");
            assertStats(client.receive(REPLY_WAIT), "3 1 2");
            assertThat(server.isServing()).as("the server is still serving").isTrue();
        }
    }

    @Graded(points = 1)
    @DisplayName("a request of valid numbers is answered up to 2048 bytes; one byte more, and it gets ERROR")
    void serverEnforcesTheRequestLimit() throws Exception {
        Random random = new Random(Trace.current().seed());
        int limit = UDPStatsServer.MAX_REQUEST;
        try (var server = ServerUnderTest.start(() -> new UDPStatsServer(0), UDPStatsServer::serve);
                UdpProbe client = UdpProbe.to(server.program().port())) {
            String atLimit = numbersOfLength(limit, random);
            client.send(atLimit);
            assertStats(client.receive(REPLY_WAIT), atLimit);
            for (int length : new int[] {limit + 1, limit + 1 + random.nextInt(limit)}) {
                String tooLong = numbersOfLength(length, random);
                client.send(tooLong);
                assertError(
                        client.receive(REPLY_WAIT),
                        "a request of " + length + " bytes of valid numbers (the handout's"
                                + " limit is " + limit
                                + " bytes: longer requests are refused, not computed, nor cut short and"
                                + " computed; a receive buffer of " + (limit + 1) + " bytes tells them apart)");
            }
            client.send("5 6");
            assertStats(client.receive(REPLY_WAIT), "5 6");
        }
    }

    /**
     * Random one-digit numbers separated by spaces, exactly {@code length} bytes long (the first has two digits if
     * needed).
     */
    private static String numbersOfLength(int length, Random random) {
        StringBuilder numbers = new StringBuilder(
                length % 2 == 0 ? String.valueOf(10 + random.nextInt(90)) : String.valueOf(random.nextInt(10)));
        while (numbers.length() < length) {
            numbers.append(' ').append(random.nextInt(10));
        }
        return numbers.toString();
    }

    @Graded(points = 2, timeoutSeconds = 30)
    @DisplayName("eight clients at once, through a relay with delay and jitter, each get their own answer")
    void concurrentClientsUnderDelayAndJitter() throws Exception {
        Random random = new Random(Trace.current().seed());
        Impairment jittery = Impairment.none().delay(Duration.ofMillis(40), Duration.ofMillis(30));
        try (var server = ServerUnderTest.start(() -> new UDPStatsServer(0), UDPStatsServer::serve);
                ImpairedLink link = ImpairedLink.to(server.program().port(), jittery)) {
            List<UdpProbe> clients = new ArrayList<>();
            List<String> requests = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    clients.add(UdpProbe.to(link.port()));
                    requests.add(randomNumbers(random));
                }
                for (int i = 0; i < clients.size(); i++) {
                    clients.get(i).send(requests.get(i));
                }
                for (int i = 0; i < clients.size(); i++) {
                    Optional<String> reply = clients.get(i).receive(REPLY_WAIT);
                    assertThat(reply)
                            .as("the reply to client " + (i + 1) + " of 8 (port "
                                    + clients.get(i).localPort() + "), which sent \"" + requests.get(i) + "\"")
                            .isPresent();
                    assertStats(reply, requests.get(i));
                }
            } finally {
                clients.forEach(UdpProbe::close);
            }
        }
    }

    @Graded(points = 2)
    @DisplayName("the client program sends the numbers in one datagram and prints the four lines of the sample session")
    void clientProgramPrintsFourLines() {
        try (FakeUdpServer server = FakeUdpServer.start().replyWith(StatsUdpTest::referenceAnswer)) {
            ConsoleProgram.Result run = ConsoleProgram.java(UDPStatsClient.class)
                    .args("127.0.0.1", server.port())
                    .stdin("6 5 9 7 4.2\n")
                    .run();
            List<FakeUdpServer.Received> sent = server.drainRequests();
            assertThat(sent)
                    .as("the datagrams your client sent for the input \"6 5 9 7 4.2\" (all the numbers in one "
                            + "datagram)")
                    .hasSize(1);
            assertThat(sent.get(0).text().trim())
                    .as("the numbers your client sent")
                    .isEqualTo("6 5 9 7 4.2");
            List<String> lines = run.stdout().lines().map(String::strip).toList();
            for (String expected : List.of(
                    "The total of all numbers is: 31.2",
                    "The lowest number is: 4.2",
                    "The highest number is: 9.0",
                    "The mean is: 6.24")) {
                assertThat(lines)
                        .as("the lines your client printed, after the server replied \"31.2 4.2 9.0 6.24\"")
                        .anyMatch(line -> line.endsWith(expected));
            }
            assertThat(run.exitCode()).as("the client program's exit code").isZero();
        }
    }

    @Graded(points = 1)
    @DisplayName("the client program reports a server's ERROR reply in one clear line, without a stack trace")
    void clientProgramReportsServerError() {
        try (FakeUdpServer server = FakeUdpServer.start().replyWith(text -> "ERROR not a number: 'five'")) {
            ConsoleProgram.Result run = ConsoleProgram.java(UDPStatsClient.class)
                    .args("127.0.0.1", server.port())
                    .stdin("6 five 9\n")
                    .run();
            assertThat(server.drainRequests())
                    .as("the datagrams your client sent")
                    .isNotEmpty();
            assertThat(run.stdout() + run.stderr())
                    .as("what the client program printed when the server replied"
                            + " \"ERROR not a number: 'five'\" (it should pass the reason on)")
                    .contains("not a number: 'five'");
            assertNoStackTrace(run);
            assertThat(run.exitCode())
                    .as("the client program's exit code after an ERROR reply (not 0: it failed)")
                    .isNotZero();
        }
    }

    @Graded(points = 2, timeoutSeconds = 30)
    @DisplayName("the client sends the request again when no reply comes, until one does")
    void clientRetriesUntilReply() throws Throwable {
        AtomicInteger requests = new AtomicInteger();
        try (FakeUdpServer server = FakeUdpServer.start()
                        .replyWith(text -> requests.incrementAndGet() <= 2 ? null : referenceAnswer(text));
                UDPStatsClient client = new UDPStatsClient("127.0.0.1", server.port())) {
            Trace.current()
                    .impairment("the grader's server ignores the first two requests (as if they were lost) and answers "
                            + "the third");
            Object reply = requestWithin(client, "1 2 3");
            List<FakeUdpServer.Received> sent = server.drainRequests();
            if (reply instanceof IOException gaveUp) {
                throw new AssertionError(
                        "request(\"1 2 3\") gave up (" + gaveUp + ") after sending " + sent.size()
                                + " request(s), but the grader's server answers the third one: keep sending, up to a "
                                + "bounded"
                                + " number of tries (more than 3)",
                        gaveUp);
            }
            if (reply instanceof Throwable failure) {
                throw failure;
            }
            assertThat(sent.size())
                    .as("how many requests your client sent: it should send again after each timeout until"
                            + " the reply came (the third request is answered), and then stop")
                    .isBetween(3, 4);
            assertThat(sent)
                    .as("the requests your client sent (each a copy of the first)")
                    .allMatch(request -> request.text().equals("1 2 3"));
            assertThat(reply).as("what request(\"1 2 3\") returned").isEqualTo(referenceAnswer("1 2 3"));
        }
    }

    @Graded(points = 1, timeoutSeconds = 60)
    @DisplayName("under 30% loss each way, each client gets its answer exactly when the relay let one through")
    void clientUnderLossMatchesRelay() throws Throwable {
        Random random = new Random(Trace.current().seed());
        Impairment lossy = Impairment.none().loss(0.3);
        int clientCount = 4;
        List<String> requests = new ArrayList<>();
        List<Object> outcomes = new ArrayList<>();
        try (FakeUdpServer server = FakeUdpServer.start().replyWith(StatsUdpTest::referenceAnswer);
                ImpairedLink link = ImpairedLink.to(server.port(), lossy)) {
            for (int i = 0; i < clientCount; i++) {
                String numbers = randomNumbers(random);
                requests.add(numbers);
                try (UDPStatsClient client = new UDPStatsClient("127.0.0.1", link.port())) {
                    Object outcome = requestWithin(client, numbers);
                    if (outcome instanceof Throwable failure && !(failure instanceof IOException)) {
                        throw failure;
                    }
                    outcomes.add(outcome);
                }
            }
            link.settle(Duration.ofSeconds(2)); // every forward or drop is in the relay's log
            // Each client has its own port, so the relay's events tell the clients apart, in order.
            Map<InetSocketAddress, int[]> perClient = new LinkedHashMap<>(); // {requests sent, replies forwarded}
            for (RelayEvent event : link.relay().events()) {
                if (event.direction() == Direction.UPSTREAM
                        && event.action() != RelayEvent.Action.DUPLICATE_FORWARDED) {
                    perClient.computeIfAbsent(event.client(), c -> new int[2])[0]++;
                } else if (event.direction() == Direction.DOWNSTREAM && !event.dropped()) {
                    perClient.computeIfAbsent(event.client(), c -> new int[2])[1]++;
                }
            }
            List<int[]> counts = new ArrayList<>(perClient.values());
            assertThat(counts).as("clients the relay saw (one per request)").hasSize(clientCount);
            for (int i = 0; i < clientCount; i++) {
                int sent = counts.get(i)[0];
                int repliesThrough = counts.get(i)[1];
                String who = "client " + (i + 1) + " of " + clientCount + ", which sent \"" + requests.get(i) + "\" "
                        + sent + " time(s); the relay let " + repliesThrough + " reply(ies) through";
                assertThat(sent)
                        .as(who + ": the number of tries must be bounded (at most 10)")
                        .isBetween(1, 10);
                if (repliesThrough > 0) {
                    assertThat(outcomes.get(i))
                            .as(who + ": what request() returned")
                            .isEqualTo(referenceAnswer(requests.get(i)));
                } else {
                    assertThat(outcomes.get(i))
                            .as(who + ": no reply ever reached it, so request() should have given up"
                                    + " with an IOException (SocketTimeoutException)")
                            .isInstanceOf(IOException.class);
                }
            }
        }
    }

    @Graded(points = 1, timeoutSeconds = 30)
    @DisplayName("with no server answering, the client program gives up after a few tries and says so in one line")
    void clientProgramGivesUpClearly() {
        try (FakeUdpServer silent = FakeUdpServer.start()) {
            long start = System.nanoTime();
            ConsoleProgram.Result run = ConsoleProgram.java(UDPStatsClient.class)
                    .args("127.0.0.1", silent.port())
                    .stdin("1 2 3\n")
                    .limit(Duration.ofSeconds(15))
                    .run();
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            int tries = silent.drainRequests().size();
            assertThat(run.timedOut())
                    .as("whether the client program was still running after 15 s (it should give up"
                            + " after a bounded number of tries)")
                    .isFalse();
            assertThat(tries)
                    .as("how many times your client sent the request to a server that never answers"
                            + " (it should try again, a bounded number of times)")
                    .isBetween(2, 10);
            assertThat(took).as("how long the client program took to give up").isLessThan(Duration.ofSeconds(15));
            assertThat(run.exitCode())
                    .as("the client program's exit code when no reply ever came (not 0: it failed)")
                    .isNotZero();
            assertThat(run.stderr().strip())
                    .as("the client program's error message (one line on standard error)")
                    .isNotEmpty();
            assertNoStackTrace(run);
        }
    }

    // ---------------------------------------------------------------------------------------------

    /** How long request() may take: its tries and timeouts add up to a few seconds at most. */
    private static final Duration REQUEST_LIMIT = Duration.ofSeconds(8);

    /**
     * Calls {@code client.request(numbers)} on a thread of its own and returns its reply, or what it threw.
     * If it has not returned within {@link #REQUEST_LIMIT}, closes the client (which ends a waiting receive)
     * and fails: a client must not wait for a lost reply forever.
     */
    private static Object requestWithin(UDPStatsClient client, String numbers) throws InterruptedException {
        CompletableFuture<String> reply = new CompletableFuture<>();
        Thread caller = new Thread(
                () -> {
                    try {
                        reply.complete(client.request(numbers));
                    } catch (Throwable t) {
                        reply.completeExceptionally(t);
                    }
                },
                "stats-client-under-test");
        caller.setDaemon(true);
        caller.start();
        try {
            return reply.get(REQUEST_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            client.close();
            throw new AssertionError("request(\"" + numbers + "\") had not returned after " + REQUEST_LIMIT.toSeconds()
                    + " s. Does it wait for a reply forever? A lost datagram never arrives: give receive() a timeout"
                    + " (setSoTimeout), then send again, a bounded number of times.");
        }
    }

    /** The grader's own answer to a request, in the protocol's format ("total lowest highest mean" or ERROR). */
    static String referenceAnswer(String request) {
        double[] numbers;
        try {
            numbers = parse(request);
        } catch (NumberFormatException e) {
            return "ERROR not a number";
        }
        if (numbers.length == 0) {
            return "ERROR no numbers";
        }
        double[] stats = stats(numbers);
        return stats[0] + " " + stats[1] + " " + stats[2] + " " + stats[3];
    }

    private static double[] parse(String request) {
        String trimmed = request.trim();
        if (trimmed.isEmpty()) {
            return new double[0];
        }
        String[] words = trimmed.split("\\s+");
        double[] numbers = new double[words.length];
        for (int i = 0; i < words.length; i++) {
            numbers[i] = Double.parseDouble(words[i]);
        }
        return numbers;
    }

    private static double[] stats(double[] numbers) {
        double total = 0;
        double lowest = numbers[0];
        double highest = numbers[0];
        for (double n : numbers) {
            total += n;
            lowest = Math.min(lowest, n);
            highest = Math.max(highest, n);
        }
        return new double[] {total, lowest, highest, total / numbers.length};
    }

    private static String randomNumbers(Random random) {
        int count = 2 + random.nextInt(6);
        List<String> words = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            words.add(
                    random.nextBoolean()
                            ? String.valueOf(random.nextInt(200) - 50)
                            : String.format(Locale.ROOT, "%.2f", random.nextDouble() * 100));
        }
        return String.join(" ", words);
    }

    /** The reply must be four numbers: the total, lowest, highest and mean of {@code request}. */
    private static void assertStats(Optional<String> reply, String request) {
        double[] expected = stats(parse(request));
        String shownExpected = String.format(
                Locale.ROOT,
                "total %s, lowest %s, highest %s, mean %s",
                expected[0],
                expected[1],
                expected[2],
                expected[3]);
        assertThat(reply)
                .as("the server's reply to \"" + request + "\" (expected " + shownExpected + ")")
                .isPresent();
        String[] words = reply.get().trim().split("\\s+");
        assertThat(words)
                .as("the server's reply to \"" + request + "\": four numbers separated by spaces, \"total lowest"
                        + " highest mean\" (expected " + shownExpected + ")")
                .hasSize(4);
        String[] names = {"total", "lowest", "highest", "mean"};
        for (int i = 0; i < 4; i++) {
            double value;
            try {
                value = Double.parseDouble(words[i]);
            } catch (NumberFormatException e) {
                fail("the " + names[i] + " in the server's reply to \"" + request + "\" is \"" + words[i]
                        + "\", which is not a number (expected " + shownExpected + ")");
                return;
            }
            assertThat(Math.abs(value - expected[i]))
                    .as("the " + names[i] + " in the server's reply \"" + reply.get() + "\" to \"" + request + "\" is "
                            + words[i] + " (expected " + shownExpected + ")")
                    .isLessThanOrEqualTo(1e-9 * Math.max(1, Math.abs(expected[i])));
        }
    }

    private static void assertError(Optional<String> reply, String what) {
        assertThat(reply)
                .as("the server's reply to " + what + " (expected \"ERROR <reason>\"; the server must answer"
                        + " bad input and keep serving)")
                .isPresent();
        assertThat(reply.get()).as("the server's reply to " + what).startsWith("ERROR");
    }

    private static void assertNoStackTrace(ConsoleProgram.Result run) {
        assertThat(run.stdout() + run.stderr())
                .as("what the client program printed: a clear message, not a stack trace")
                .doesNotContain("Exception in thread")
                .doesNotContain("\tat ");
    }

    /** How a request is named in feedback. */
    private static final class Text {
        static String describe(String request) {
            return request.isEmpty()
                    ? "an empty datagram"
                    : request.isBlank() ? "a datagram of spaces only" : "\"" + request + "\"";
        }
    }
}
