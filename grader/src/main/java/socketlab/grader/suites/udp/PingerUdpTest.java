package socketlab.grader.suites.udp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
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
import socketlab.udp.UDPPingerClient;
import socketlab.udp.UDPPingerServer;

@Exercise(lab = "lab-udp", id = "U3", title = "UDP pinger (the textbook's ping lab)")
class PingerUdpTest {

    private static final Duration REPLY_WAIT = Duration.ofSeconds(3);
    private static final int PINGS = 10;
    /**
     * A printed RTT may exceed the round trip the grader measured by this much: the client's own work and a
     * busy machine add to it. It can never be less: the grader's measurement lies inside the client's.
     */
    private static final double RTT_ABOVE_MS = 300;
    /** Printed RTTs may be rounded to whole milliseconds. */
    private static final double ROUNDING_MS = 1;

    private static final String TOLERANCE =
            "no less than the round trip the grader measured, and at most " + (int) RTT_ABOVE_MS + " ms more";
    private static final Pattern PING = Pattern.compile("PING (\\d+) (\\d+)");

    @Graded(points = 2)
    @DisplayName("the server sends each ping back, unchanged, to the address and port it came from")
    void serverEchoesPings() throws Exception {
        try (var server = ServerUnderTest.start(() -> new UDPPingerServer(0), UDPPingerServer::serve);
                UdpProbe alice = UdpProbe.to(server.program().port());
                UdpProbe bob = UdpProbe.to(server.program().port())) {
            String toAlice = "PING 1 " + System.currentTimeMillis();
            String toBob = "PING 7 " + System.currentTimeMillis();
            alice.send(toAlice);
            bob.send(toBob);
            assertThat(bob.receive(REPLY_WAIT))
                    .as("the reply at bob's port " + bob.localPort() + " to \"" + toBob
                            + "\" (the ping itself, sent back to the address and port it came from)")
                    .contains(toBob);
            assertThat(alice.receive(REPLY_WAIT))
                    .as("the reply at alice's port " + alice.localPort() + " to \"" + toAlice + "\"")
                    .contains(toAlice);
        }
    }

    @Graded(points = 1)
    @DisplayName("the server answers non-pings (empty, 64 KB, garbage, unknown commands) with ERROR and keeps serving")
    void serverRejectsBadInput() throws Exception {
        byte[] huge = new byte[65_000];
        new Random(Trace.current().seed()).nextBytes(huge);
        try (var server = ServerUnderTest.start(() -> new UDPPingerServer(0), UDPPingerServer::serve);
                UdpProbe client = UdpProbe.to(server.program().port())) {
            List<byte[]> bad = List.of(
                    new byte[0],
                    huge,
                    new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2},
                    bytes("PONG 1 2"),
                    bytes("PING one 2"),
                    bytes("HELLO"));
            List<String> names = List.of(
                    "an empty datagram",
                    "a 65000-byte datagram of random bytes",
                    "the bytes ff fe 00 01 02",
                    "the unknown command \"PONG 1 2\"",
                    "\"PING one 2\"",
                    "the unknown command \"HELLO\"");
            for (int i = 0; i < bad.size(); i++) {
                client.send(bad.get(i));
                Optional<String> reply = client.receive(REPLY_WAIT);
                assertThat(reply)
                        .as("the server's reply to " + names.get(i) + " (expected \"ERROR <reason>\")")
                        .isPresent();
                assertThat(reply.get())
                        .as("the server's reply to " + names.get(i))
                        .startsWith("ERROR");
            }
            String ping = "PING 3 " + System.currentTimeMillis();
            client.send(ping);
            assertThat(client.receive(REPLY_WAIT))
                    .as("the reply to \"" + ping + "\" after all that")
                    .contains(ping);
            assertThat(server.isServing()).as("the server is still serving").isTrue();
        }
    }

    @Graded(points = 1, timeoutSeconds = 30)
    @DisplayName(
            "the client program sends PING 1 to PING 10 with the time, reports every reply, and says n/a when none "
                    + "comes back")
    void clientSendsTenPings() {
        try (FakeUdpServer echo = FakeUdpServer.start().replyWith(text -> text)) {
            long before = System.currentTimeMillis();
            ConsoleProgram.Result run = ConsoleProgram.java(UDPPingerClient.class)
                    .args("127.0.0.1", echo.port())
                    .limit(Duration.ofSeconds(16))
                    .run();
            long after = System.currentTimeMillis();
            List<String> sent = echo.drainRequests().stream()
                    .map(FakeUdpServer.Received::text)
                    .toList();
            assertThat(sent)
                    .as("the datagrams your client sent to an echo server (10 pings)")
                    .hasSize(PINGS);
            for (int i = 0; i < PINGS; i++) {
                Matcher ping = PING.matcher(sent.get(i));
                assertThat(ping.matches())
                        .as("datagram " + (i + 1) + " your client sent, \"" + sent.get(i) + "\" (expected \"PING "
                                + (i + 1) + " <time in ms>\")")
                        .isTrue();
                assertThat(Integer.parseInt(ping.group(1)))
                        .as("the sequence number in \"" + sent.get(i) + "\"")
                        .isEqualTo(i + 1);
                assertThat(Long.parseLong(ping.group(2)))
                        .as("the time in \"" + sent.get(i) + "\" (System.currentTimeMillis() when it was sent)")
                        .isBetween(before - 1000, after + 1000);
            }
            PingReport report = PingReport.parse(run.stdout());
            assertThat(report.lines)
                    .as("the lines your client printed for its pings (\"PING n: RTT = x ms\"), when every"
                            + " ping was answered at once")
                    .hasSize(PINGS)
                    .allMatch(line -> line.rttMillis() != null);
            assertThat(report.lossPercent)
                    .as("the loss your client printed (\"... 0.0% loss ...\")")
                    .isNotNull();
            assertThat(report.lossPercent)
                    .as("the loss your client printed when every ping was answered")
                    .isEqualTo(0.0);
            assertThat(run.exitCode()).as("the client program's exit code").isZero();
        }
        checkEveryPingLost();
    }

    /** With no reply there is no RTT to summarise: the handout's "n/a (no replies)", never NaN or 1.79e308. */
    private static void checkEveryPingLost() {
        List<String> summary = UDPPingerClient.summary(PINGS, List.of());
        String shown = "UDPPingerClient.summary(10, no RTTs), what your client prints when every ping is lost:\n  "
                + String.join("\n  ", summary) + "\n";
        PingReport report = PingReport.parse(String.join("\n", summary));
        assertThat(report.lossPercent).as(shown + "the loss (\"100.0% loss\")").isEqualTo(100.0);
        assertThat(summary)
                .as(shown + "the RTT line (\"RTT min/avg/max = n/a (no replies)\")")
                .anyMatch(line -> line.startsWith("RTT min/avg/max = n/a"));
    }

    @Graded(points = 3, timeoutSeconds = 45)
    @DisplayName("at the textbook's settings (30% of pings lost, about 100 ms round trip) the client reports what the "
            + "network did")
    void clientAtTextbookSettings() throws Exception {
        Impairment leg = Impairment.none().delay(Duration.ofMillis(50), Duration.ofMillis(20));
        checkThroughRelay(leg.loss(0.3), leg);
    }

    @Graded(points = 2, timeoutSeconds = 45)
    @DisplayName("with duplicated datagrams, a second copy of a reply is not taken for the next ping's reply")
    void clientIgnoresDuplicateReplies() throws Exception {
        Impairment leg = Impairment.none().duplicate(0.5).delay(Duration.ofMillis(30), Duration.ofMillis(20));
        checkThroughRelay(leg, leg);
    }

    @Graded(points = 3, timeoutSeconds = 45)
    @DisplayName("a ping whose reply comes after 1 s times out, and its late reply is not counted for the next ping")
    void clientLateReplyIsNotCountedForTheNextPing() {
        Random random = new Random(Trace.current().seed());
        int late = 2 + random.nextInt(6); // 2..7
        int dropped = late + 2 + random.nextInt(PINGS - late - 1); // after late + 1, up to 10
        Duration normal = Duration.ofMillis(150);
        // 300 ms on each side: past the client's 1 s timer, and before the next ping's own reply, even on a busy
        // machine.
        Duration tooLate = Duration.ofMillis(1300);
        Duration afterTheLateOne = Duration.ofMillis(600);
        Trace.current()
                .impairment("the grader's pinger server answers each ping after " + normal.toMillis() + " ms, ping "
                        + late + " after " + tooLate.toMillis()
                        + " ms (too late: it must time out, and its reply arrives while"
                        + " the client waits for ping " + (late + 1) + ", which is answered after "
                        + afterTheLateOne.toMillis()
                        + " ms), and never answers ping " + dropped);
        try (ScriptedPingServer server = new ScriptedPingServer(
                seq -> seq == dropped ? null : seq == late ? tooLate : seq == late + 1 ? afterTheLateOne : normal)) {
            ConsoleProgram.Result run = ConsoleProgram.java(UDPPingerClient.class)
                    .args("127.0.0.1", server.port())
                    .limit(Duration.ofSeconds(16))
                    .run();
            RoundTrips truth = new RoundTrips();
            for (int seq = 1; seq <= PINGS; seq++) {
                Long in = server.receivedAt(seq);
                Long replying = server.replyingAt(seq);
                Long replied = server.repliedAt(seq);
                if (in != null && replying != null && replied != null) {
                    truth.set(seq, (replying - in) / 1e6, (replied - in) / 1e6);
                }
            }
            assertReportMatches(run, truth, "the grader's server");
        }
    }

    @Graded(points = 2, timeoutSeconds = 45)
    @DisplayName("stray datagrams do not restart a ping's timer: a ping with no reply times out 1 s after it was sent")
    void strayDatagramsDoNotRestartTheTimer() {
        Random random = new Random(Trace.current().seed());
        int silent = 2 + random.nextInt(PINGS - 2); // 2..9: the next ping shows when the timer ran out
        Duration[] strays = {Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofMillis(750)};
        Trace.current()
                .impairment("the grader's pinger server answers each ping after 20 ms but never ping " + silent
                        + "; 250, 500 and 750 ms after ping " + silent + " came, it sends your client "
                        + ScriptedPingServer.STRAYS);
        try (ScriptedPingServer server = new ScriptedPingServer(seq -> seq == silent ? null : Duration.ofMillis(20))
                .straysAfter(silent, strays)) {
            ConsoleProgram.Result run = ConsoleProgram.java(UDPPingerClient.class)
                    .args("127.0.0.1", server.port())
                    .limit(Duration.ofSeconds(16))
                    .run();
            PingReport report = assertTenPingLines(run);
            assertThat(report.bySeq().get(silent).rttMillis())
                    .as("ping " + silent + ": you printed \""
                            + report.bySeq().get(silent).text()
                            + "\", but no reply to it ever came (only stray datagrams)")
                    .isNull();
            Long sent = server.receivedAt(silent);
            Long next = server.receivedAt(silent + 1);
            assertThat(sent)
                    .as("whether ping " + silent + " reached the grader's server")
                    .isNotNull();
            assertThat(next)
                    .as("whether ping " + (silent + 1) + " reached the grader's server")
                    .isNotNull();
            long gap = (next - sent) / 1_000_000;
            assertThat(gap)
                    .as("how long after ping " + silent + " your client sent ping " + (silent + 1) + " (ms): ping "
                            + silent
                            + " must time out 1 s after it was sent. Three strays came meanwhile, none of them its "
                            + "reply:"
                            + " after skipping one, wait for what is left of the second (deadline − now), not a "
                            + "whole second"
                            + " again. Allowed: 900 to " + (1000 + ReliableTransferTest.TIMER_SLACK_MILLIS) + " ms")
                    .isBetween(900L, 1000 + ReliableTransferTest.TIMER_SLACK_MILLIS);
        }
    }

    // ---------------------------------------------------------------------------------------------

    /**
     * Runs the student's client through the relay to the grader's echo server and checks its report against the relay.
     */
    private static void checkThroughRelay(Impairment upstream, Impairment downstream) throws Exception {
        try (FakeUdpServer echo = FakeUdpServer.start().replyWith(text -> text);
                ImpairedLink link = ImpairedLink.to(echo.port(), upstream, downstream)) {
            ConsoleProgram.Result run = ConsoleProgram.java(UDPPingerClient.class)
                    .args("127.0.0.1", link.port())
                    .limit(Duration.ofSeconds(16))
                    .run();
            assertTenPingLines(run);
            link.settle(Duration.ofSeconds(3)); // datagrams still delayed in the relay when the client ended
            List<String> echoed = echo.drainRequests().stream()
                    .map(FakeUdpServer.Received::text)
                    .toList();
            assertReportMatches(run, relayTruth(link, echoed), "the relay");
        }
    }

    /**
     * For each ping, the round trip the relay gave it, from its arrival at the relay to the first copy of its
     * reply leaving the relay: at least until that copy's planned departure, at most until its actual one.
     * Ping n is the n-th datagram the client sent; the echo server's n-th reply answers the n-th datagram it got.
     */
    private static RoundTrips relayTruth(ImpairedLink link, List<String> echoed) {
        Map<Long, Long> upstreamArrival = new HashMap<>();
        Map<Long, Long> plannedOut = new HashMap<>(); // by ping seq
        Map<Long, Long> actualOut = new HashMap<>();
        List<RelayEvent> events = link.relay().events();
        for (RelayEvent event : events) {
            if (event.direction() == Direction.UPSTREAM) {
                upstreamArrival.putIfAbsent(event.index(), event.receivedNanos());
            }
        }
        for (RelayEvent event : events) {
            if (event.direction() == Direction.DOWNSTREAM && !event.dropped() && event.index() < echoed.size()) {
                Matcher ping = PING.matcher(echoed.get((int) event.index()));
                if (ping.matches()) {
                    long seq = Long.parseLong(ping.group(1));
                    plannedOut.merge(seq, event.receivedNanos() + event.plannedDelayNanos(), Math::min);
                    actualOut.merge(seq, event.sentNanos(), Math::min);
                }
            }
        }
        assertThat(upstreamArrival.size())
                .as("the datagrams your client sent through the relay (10 pings, one each)")
                .isEqualTo(PINGS);
        RoundTrips truth = new RoundTrips();
        for (int seq = 1; seq <= PINGS; seq++) {
            Long in = upstreamArrival.get((long) seq - 1);
            Long planned = plannedOut.get((long) seq);
            Long actual = actualOut.get((long) seq);
            if (in != null && planned != null && actual != null) {
                truth.set(seq, (planned - in) / 1e6, (actual - in) / 1e6);
            }
        }
        return truth;
    }

    /** The round trip of each ping as the grader measured it: bounds in ms, NaN when no reply came back. */
    private static final class RoundTrips {
        final double[] low = new double[PINGS + 1];
        final double[] high = new double[PINGS + 1];

        RoundTrips() {
            java.util.Arrays.fill(low, Double.NaN);
            java.util.Arrays.fill(high, Double.NaN);
        }

        void set(int seq, double lowMillis, double highMillis) {
            low[seq] = lowMillis;
            high[seq] = Math.max(lowMillis, highMillis);
        }

        String describe(int seq) {
            if (Double.isNaN(low[seq])) {
                return "no reply";
            }
            String took = Math.abs(high[seq] - low[seq]) < 0.05 ? ms(low[seq]) : ms(low[seq]) + "-" + ms(high[seq]);
            return "reply after " + took + (low[seq] >= 1000 ? " (too late)" : "");
        }
    }

    /** The client program must have finished, with one line for each of its 10 pings, in order. */
    private static PingReport assertTenPingLines(ConsoleProgram.Result run) {
        assertThat(run.timedOut())
                .as("whether the client program was still running when stopped (each ping must time out"
                        + " after 1 s, so 10 pings take at most about 10 s)")
                .isFalse();
        PingReport report = PingReport.parse(run.stdout());
        assertThat(report.lines.stream().map(PingReport.Line::seq).toList())
                .as("the ping numbers of the lines your client printed (\"PING n: RTT = x ms\" or \"PING n: "
                        + "Request timed out\"), in order")
                .containsExactly(IntStream.rangeClosed(1, PINGS).boxed().toArray(Integer[]::new));
        return report;
    }

    /** The client's printed report must match what the grader measured. */
    private static void assertReportMatches(ConsoleProgram.Result run, RoundTrips truth, String source) {
        String table = IntStream.rangeClosed(1, PINGS)
                .mapToObj(seq -> "ping " + seq + ": " + truth.describe(seq))
                .reduce((a, b) -> a + "; " + b)
                .orElse("");
        String what = source + " saw — " + table;
        PingReport report = assertTenPingLines(run);
        Map<Integer, PingReport.Line> lines = report.bySeq();
        List<Double> printedRtts = new ArrayList<>();
        int lost = 0;
        for (int seq = 1; seq <= PINGS; seq++) {
            PingReport.Line line = lines.get(seq);
            double low = truth.low[seq];
            double high = truth.high[seq];
            if (line.rttMillis() != null) {
                printedRtts.add(line.rttMillis());
            } else {
                lost++;
            }
            boolean mustTimeOut = Double.isNaN(low) || low >= 1000;
            boolean mustArrive = !mustTimeOut && high + RTT_ABOVE_MS < 1000;
            if (mustTimeOut) {
                assertThat(line.rttMillis())
                        .as("ping " + seq + ": you printed \"" + line.text() + "\", but no reply came back"
                                + " within 1 s (" + what + ")")
                        .isNull();
            } else if (mustArrive) {
                assertThat(line.rttMillis())
                        .as("ping " + seq + ": you printed \"" + line.text() + "\", but its reply came back"
                                + " in time (" + what + ")")
                        .isNotNull();
            }
            if (line.rttMillis() != null && !mustTimeOut) {
                assertThat(line.rttMillis())
                        .as("ping " + seq + ": the RTT you printed, \"" + line.text() + "\", should be "
                                + TOLERANCE + " (" + truth.describe(seq)
                                + "). Less means a reply to another ping (a late one or a"
                                + " duplicate) was taken for this one's (" + what + ")")
                        .isBetween(low - ROUNDING_MS, high + RTT_ABOVE_MS);
            }
        }
        assertThat(report.lossPercent)
                .as("the loss your client printed (\"... 30.0% loss ...\")")
                .isNotNull();
        assertThat(report.lossPercent)
                .as("the loss your client printed: " + lost + " of your " + PINGS
                        + " ping lines say \"Request timed out\" (" + what + ")")
                .isCloseTo(100.0 * lost / PINGS, within(0.051));
        if (printedRtts.isEmpty()) {
            return;
        }
        double min = printedRtts.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double max = printedRtts.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        double avg =
                printedRtts.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        String expected = String.format(Locale.ROOT, "%.3f/%.3f/%.3f ms, from the RTTs you printed", min, avg, max);
        assertThat(report.minAvgMax)
                .as("the line \"RTT min/avg/max = a/b/c ms\" your client printed")
                .isNotNull();
        String[] names = {"min", "avg", "max"};
        double[] values = {min, avg, max};
        for (int i = 0; i < 3; i++) {
            assertThat(report.minAvgMax[i])
                    .as("the " + names[i] + " RTT your client printed (expected " + expected + ")")
                    .isCloseTo(values[i], within(0.6));
        }
    }

    private static org.assertj.core.data.Offset<Double> within(double offset) {
        return org.assertj.core.data.Offset.offset(offset);
    }

    private static String ms(double millis) {
        return String.format(Locale.ROOT, "%.1f ms", millis);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
