package socketlab.grader.suites.udp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import socketlab.grader.core.Exercise;
import socketlab.grader.core.Graded;
import socketlab.grader.core.Trace;
import socketlab.grader.harness.UdpProbe;
import socketlab.grader.relay.Impairment;
import socketlab.grader.relay.Script;
import socketlab.udp.RdtPacket;
import socketlab.udp.RdtSender;

@Exercise(lab = "lab-udp", id = "U4", title = "Reliable transfer over UDP (rdt 3.0, stop-and-wait)")
class ReliableTransferTest {

    /** Retransmission timeout when the relay adds no delay: a round trip on loopback takes well under a millisecond. */
    private static final int FAST_TIMEOUT_MILLIS = 25;

    /** The scenarios' link: a fixed delay each way, so that a late ACK lands while the sender waits for another. */
    private static final Duration SCENARIO_DELAY = Duration.ofMillis(50);
    /**
     * The sender's timer in the scenarios: ten round trips, so that only the script's losses make it run out, even on
     * a machine so busy that a program waits a few hundred milliseconds for the CPU (400 ms was seen to run out there).
     */
    private static final int SCENARIO_TIMEOUT_MILLIS = 1000;
    /** Five data packets and the FIN. */
    private static final int SCENARIO_SIZE = 4 * RdtReference.MAX_PAYLOAD + 1616;

    private static final int SCENARIO_PACKETS = RdtReference.packetsFor(SCENARIO_SIZE);
    /**
     * The grader's sender's timer when it tests a receiver (no delay): retransmitted FINs come well within the linger.
     */
    private static final int REFERENCE_TIMEOUT_MILLIS = 150;

    @Graded(points = 2)
    @DisplayName("packets are encoded as [CRC-32][type][seq][payload], and decode rejects every flipped bit")
    void packetFormatAndChecksum() {
        byte[] hello = "hello".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] expected = RdtReference.encode(RdtReference.DATA, 7, hello);
        byte[] encoded = RdtPacket.encode(RdtPacket.DATA, 7, hello, 0, hello.length);
        assertThat(RdtReference.hex(encoded))
                .as("RdtPacket.encode(DATA, 7, \"hello\") (expected the checksum, 'D', 7 and" + " the payload: "
                        + RdtReference.hex(expected) + ")")
                .isEqualTo(RdtReference.hex(expected));
        byte[] padded = new byte[] {1, 2, 'h', 'e', 'l', 'l', 'o', 3};
        assertThat(RdtReference.hex(RdtPacket.encode(RdtPacket.DATA, 7, padded, 2, 5)))
                .as("RdtPacket.encode(DATA, 7, data, 2, 5): only data[2..6] is the payload")
                .isEqualTo(RdtReference.hex(expected));

        RdtPacket data = RdtPacket.decode(expected, expected.length);
        assertThat(data)
                .as("RdtPacket.decode of an intact DATA packet " + RdtReference.hex(expected))
                .isNotNull();
        assertThat(data.type())
                .as("the type decoded from " + RdtReference.hex(expected))
                .isEqualTo(RdtPacket.DATA);
        assertThat(data.seq())
                .as("the sequence number decoded from " + RdtReference.hex(expected))
                .isEqualTo(7);
        assertThat(data.payload())
                .as("the payload decoded from " + RdtReference.hex(expected))
                .isEqualTo(hello);
        byte[] ack = RdtReference.encode(RdtReference.ACK, 123_456, new byte[0]);
        RdtPacket decodedAck = RdtPacket.decode(withTrailingJunk(ack), ack.length);
        assertThat(decodedAck)
                .as("RdtPacket.decode of an intact ACK " + RdtReference.hex(ack)
                        + ", given a larger buffer and the length " + ack.length)
                .isNotNull();
        assertThat(decodedAck.type()).as("the type decoded from the ACK").isEqualTo(RdtPacket.ACK);
        assertThat(decodedAck.seq())
                .as("the sequence number decoded from the ACK")
                .isEqualTo(123_456);

        for (int bit = 0; bit < expected.length * 8; bit++) {
            byte[] corrupted = expected.clone();
            corrupted[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(RdtPacket.decode(corrupted, corrupted.length))
                    .as("RdtPacket.decode of the DATA packet with bit " + bit + " flipped ("
                            + RdtReference.hex(corrupted) + "): the checksum no longer matches, so it must return null")
                    .isNull();
        }
        assertThat(RdtPacket.decode(new byte[0], 0))
                .as("RdtPacket.decode of an empty datagram")
                .isNull();
        assertThat(RdtPacket.decode(new byte[] {1, 2, 3, 4, 5}, 5))
                .as("RdtPacket.decode of 5 bytes (shorter than a header)")
                .isNull();
        byte[] garbage = new byte[100];
        new Random(Trace.current().seed()).nextBytes(garbage);
        assertThat(RdtPacket.decode(garbage, garbage.length))
                .as("RdtPacket.decode of 100 random bytes " + RdtReference.hex(garbage))
                .isNull();
    }

    @Graded(points = 2, timeoutSeconds = 40)
    @DisplayName("files of 0, 1, 4096 and 4097 bytes arrive exactly over a perfect channel")
    void anySizeOverPerfectChannel() throws Throwable {
        for (int size : new int[] {0, 1, 4096, 4097}) {
            Transfer.Result result = stopAndWait(Transfer.with("RdtSender"), size, FAST_TIMEOUT_MILLIS);
            Transfer.assertDeliveredExactly(result);
        }
    }

    @Graded(points = 2, timeoutSeconds = 60)
    @DisplayName("1 MB arrives exactly under 10% loss each way")
    void oneMegabyteUnderTenPercentLoss() throws Throwable {
        Transfer.Result result =
                stopAndWait(Transfer.with("RdtSender").both(Impairment.none().loss(0.1)), 1 << 20, FAST_TIMEOUT_MILLIS);
        Transfer.assertDeliveredExactly(result);
    }

    @Graded(points = 2, timeoutSeconds = 60)
    @DisplayName("128 KB arrive exactly under 30% loss each way")
    void underThirtyPercentLoss() throws Throwable {
        Transfer.Result result = stopAndWait(
                Transfer.with("RdtSender").both(Impairment.none().loss(0.3)), 128 * 1024, FAST_TIMEOUT_MILLIS);
        Transfer.assertDeliveredExactly(result);
    }

    @Graded(points = 3, timeoutSeconds = 60)
    @DisplayName("64 KB arrive exactly when datagrams are duplicated, reordered and corrupted")
    void underDuplicationReorderingAndCorruption() throws Throwable {
        Impairment messy = Impairment.none()
                .loss(0.05)
                .duplicate(0.2)
                .reorder(0.2, Duration.ofMillis(200))
                .corrupt(0.2, 8)
                .delay(Duration.ofMillis(3), Duration.ofMillis(3));
        Transfer.Result result = stopAndWait(Transfer.with("RdtSender").both(messy), 64 * 1024, 30);
        Transfer.assertDeliveredExactly(result);
    }

    @Graded(points = 2, timeoutSeconds = 60)
    @DisplayName("20 KB arrive exactly with 50 ms of delay each way and 10% loss")
    void underDelayAndLoss() throws Throwable {
        Impairment slow = Impairment.none().loss(0.1).delay(Duration.ofMillis(50), Duration.ofMillis(10));
        // 150 ms: above the longest round trip (120 ms), and short enough that retransmitted FINs come well
        // within the receiver's 500 ms linger.
        Transfer.Result result = stopAndWait(Transfer.with("RdtSender").both(slow), 20 * 1024, 150);
        Transfer.assertDeliveredExactly(result);
    }

    @Graded(points = 3, timeoutSeconds = 60)
    @DisplayName("efficiency: under 20% loss the sender sends little more than the loss requires")
    void sendsNoMoreThanTheLossRequires() throws Throwable {
        double loss = 0.2;
        int size = 256 * 1024;
        // A longer timeout than elsewhere: a busy machine must not cause retransmissions counted against the sender.
        Transfer.Result result =
                stopAndWait(Transfer.with("RdtSender").both(Impairment.none().loss(loss)), size, 50);
        Transfer.assertDeliveredExactly(result);
        int packets = RdtReference.packetsFor(size);
        double success = (1 - loss) * (1 - loss); // a packet and its ACK both get through
        double needed = packets / success;
        long bound = Math.round(1.3 * needed + 10);
        assertThat(result.upstream().received())
                .as(String.format(
                        Locale.ROOT,
                        "the datagrams your sender sent for %d packets"
                                + " (data and FIN): with %.0f%% loss each way a packet and its ACK both get through "
                                + "%.0f%% of the time, so"
                                + " about %.0f sends are needed; at most %d are allowed (sending copies \"just in "
                                + "case\" wastes the link)",
                        packets,
                        loss * 100,
                        success * 100,
                        needed,
                        bound))
                .isLessThanOrEqualTo(bound);
    }

    @Graded(points = 1, timeoutSeconds = 40)
    @DisplayName("the receiver survives empty, 64 KB, garbage and corrupted datagrams, then receives a file exactly")
    void receiverSurvivesStrayDatagrams() throws Throwable {
        byte[] huge = new byte[65_000];
        new Random(Trace.current().seed()).nextBytes(huge);
        byte[] corrupted =
                RdtReference.encode(RdtReference.DATA, 0, "not this".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        corrupted[12] ^= 0x10;
        byte[][] strays = {
            new byte[0],
            huge,
            {(byte) 0xff, (byte) 0xfe, 0, 1, 2},
            "HELLO".getBytes(java.nio.charset.StandardCharsets.UTF_8),
            corrupted
        };
        Transfer.Result result = Transfer.with("RdtSender")
                .run(
                        Transfer.payload(20_000),
                        (host, port) -> new RdtSender(host, port, FAST_TIMEOUT_MILLIS),
                        RdtSender::send,
                        receiverPort -> {
                            Trace.current()
                                    .wire("before the transfer, the grader sends stray datagrams straight to your "
                                            + "receiver:"
                                            + " empty, 65000 random bytes, ff fe 00 01 02, \"HELLO\", and "
                                            + "DATA 0 with a flipped bit");
                            try (UdpProbe stray = UdpProbe.to(receiverPort)) {
                                for (byte[] datagram : strays) {
                                    stray.send(datagram);
                                }
                            }
                        });
        Transfer.assertDeliveredExactly(result);
    }

    // ------------------------------------------------- the textbook's scenarios (Kurose & Ross, figure 3.16)

    @Graded(points = 1, timeoutSeconds = 30)
    @DisplayName("rdt 3.0 without loss (textbook figure 3.16a): the sender sends each packet once, the next only after "
            + "its ACK")
    void senderWithoutLoss() throws Throwable {
        Transfer.Result result = senderScenario("nothing is lost", new Script.Rule[0], new Script.Rule[0]);
        Scenario.assertProtocol(
                result, 1, Scenario.range(0, SCENARIO_PACKETS, SCENARIO_PACKETS), "RdtSender", "nothing was lost");
    }

    @Graded(points = 1, timeoutSeconds = 30)
    @DisplayName("a lost packet (figure 3.16b): the timer runs out and the sender sends that packet again, once")
    void senderResendsALostPacket() throws Throwable {
        Transfer.Result result = senderScenario(
                "the relay loses the first copy of DATA 2",
                new Script.Rule[] {Scenario.dropData(2, SCENARIO_PACKETS)},
                new Script.Rule[0]);
        Scenario.assertProtocol(
                result,
                1,
                Scenario.onceWithARepeatOf(2, SCENARIO_PACKETS),
                "RdtSender",
                "the first copy of DATA 2 was lost: the timer runs out once, and DATA 2 goes again");
    }

    @Graded(points = 1, timeoutSeconds = 30)
    @DisplayName("a lost ACK (figure 3.16c): the sender sends the packet again, once")
    void senderResendsWhenTheAckIsLost() throws Throwable {
        Transfer.Result result = senderScenario(
                "the relay loses the first ACK 2", new Script.Rule[0], new Script.Rule[] {Scenario.dropAck(2)});
        Scenario.assertProtocol(
                result,
                1,
                Scenario.onceWithARepeatOf(2, SCENARIO_PACKETS),
                "RdtSender",
                "the first ACK 2 was lost: the timer runs out once, and DATA 2 goes again");
    }

    @Graded(points = 2, timeoutSeconds = 30)
    @DisplayName("a premature timeout (figure 3.16d): a late ACK of an earlier packet is not taken for the current "
            + "packet's ACK")
    void senderIgnoresALateAck() throws Throwable {
        Duration late = Duration.ofMillis(SCENARIO_TIMEOUT_MILLIS).plus(SCENARIO_DELAY.multipliedBy(2));
        Transfer.Result result = senderScenario(
                "the relay holds the first ACK 1 for " + late.toMillis() + " ms, past the"
                        + " sender's " + SCENARIO_TIMEOUT_MILLIS
                        + " ms timer: DATA 1 goes again, its second ACK 1 comes back"
                        + " first, and the late one arrives while the sender waits for ACK 2",
                new Script.Rule[0],
                new Script.Rule[] {Script.Rule.delay(Script.Match.packet("ACK", 1), late)});
        Scenario.assertProtocol(
                result,
                1,
                Scenario.onceWithARepeatOf(1, SCENARIO_PACKETS),
                "RdtSender",
                "ACK 1 came late: DATA 1 goes again once; the extra ACK 1s acknowledge nothing new");
    }

    @Graded(points = 1, timeoutSeconds = 30)
    @DisplayName("the FIN's ACK is lost: the sender sends the FIN again and returns only once it is acknowledged")
    void senderResendsTheFinUntilAcknowledged() throws Throwable {
        int fin = SCENARIO_PACKETS - 1;
        Transfer.Result result = senderScenario(
                "the relay loses the first ACK " + fin + " (the FIN's)",
                new Script.Rule[0],
                new Script.Rule[] {Scenario.dropAck(fin)});
        Scenario.assertProtocol(
                result,
                1,
                Scenario.onceWithARepeatOf(fin, SCENARIO_PACKETS),
                "RdtSender",
                "the FIN's first ACK was lost: the FIN goes again, and send() returns after its ACK");
    }

    @Graded(points = 2, timeoutSeconds = 30)
    @DisplayName(
            "the receiver acknowledges every copy of a packet (its ACK lost, or duplicated on the way) and delivers "
                    + "it once")
    void receiverAcknowledgesEveryCopy() throws Throwable {
        int size = 5 * RdtReference.MAX_PAYLOAD + 100;
        Impairment up = Impairment.none().script(Script.Rule.duplicate(Script.Match.packet("DATA", 3)));
        Impairment down = Impairment.none().script(Scenario.dropAck(1), Scenario.dropAck(4));
        Trace.current()
                .impairment("the scenario: the relay loses the first ACK 1 and the first ACK 4 (so DATA 1 and DATA 4"
                        + " come again), and sends DATA 3 twice");
        Transfer.ReceiverResult result =
                Transfer.toStudentsReceiver(Transfer.payload(size), up, down, REFERENCE_TIMEOUT_MILLIS);
        Scenario.assertAcks(result.log());
        Transfer.assertDeliveredExactly(result.sent(), result.delivered());
    }

    @Graded(points = 2, timeoutSeconds = 30)
    @DisplayName(
            "the FIN's ACK is lost twice: the receiver lingers, acknowledging the FIN sent again (TIME_WAIT), then "
                    + "returns")
    void receiverLingersWhenTheFinsAckIsLost() throws Throwable {
        int size = 2 * RdtReference.MAX_PAYLOAD + 7;
        int fin = RdtReference.packetsFor(size) - 1;
        Impairment down = Impairment.none().script(Scenario.dropAck(fin).times(2));
        Trace.current().impairment("the scenario: the relay loses the first two ACK " + fin + " (the FIN's)");
        Transfer.ReceiverResult result =
                Transfer.toStudentsReceiver(Transfer.payload(size), Impairment.none(), down, REFERENCE_TIMEOUT_MILLIS);
        Scenario.assertAcks(result.log());
        Transfer.assertDeliveredExactly(result.sent(), result.delivered());
    }

    // ------------------------------------------------- the timer

    @Graded(points = 2, timeoutSeconds = 30)
    @DisplayName("stray datagrams (a corrupted ACK, an old ACK, garbage) do not restart the sender's timer")
    void strayDatagramsDoNotRestartTheTimer() throws Throwable {
        int timeout = STRAY_TIMEOUT_MILLIS;
        byte[] data = Transfer.payload(RdtReference.MAX_PAYLOAD + 500);
        Trace.current().impairment(strayScenario(timeout));
        try (ReferenceReceiver receiver =
                        ReferenceReceiver.withStrays(Duration.ofMillis(timeout / 4), 3, Duration.ofSeconds(1));
                RdtSender sender = new RdtSender("127.0.0.1", receiver.port(), timeout)) {
            Transfer.sendWithin(
                    "RdtSender", sender, RdtSender::send, data, Duration.ofSeconds(15), () -> receiver.whileSilent(1));
            assertTimerRanFromTheSend(receiver.firstTimeout(), timeout, receiver.straysSent(), "RdtSender");
            Transfer.assertDeliveredExactly(data, receiver.awaitDelivered(Duration.ofSeconds(5)));
        }
    }

    /** The first timeout came a timer's length after the first send, whatever strays came in between. */
    static void assertTimerRanFromTheSend(Duration gap, int timeoutMillis, int strays, String senderName) {
        assertThat(gap)
                .as("DATA 0 again: your " + senderName + " did not send DATA 0 a second time, though no ACK came"
                        + " (only stray datagrams, which acknowledge nothing)")
                .isNotNull();
        long slack = TIMER_SLACK_MILLIS;
        assertThat(gap.toMillis())
                .as("how long after DATA 0 your " + senderName + " sent it again (ms). Its timer is "
                        + timeoutMillis + " ms from the send; " + strays
                        + " stray datagrams came meanwhile, none of them the ACK"
                        + " of a packet in flight, so none may restart the timer: after one, wait for what is left "
                        + "of it"
                        + " (deadline − now), not a whole timeout again. Allowed: " + timeoutMillis * 9 / 10 + " to "
                        + (timeoutMillis + slack) + " ms")
                .isBetween((long) timeoutMillis * 9 / 10, timeoutMillis + slack);
    }

    /** How much later than its timer a sender may send again on a busy machine (a restarted timer is far later). */
    static final long TIMER_SLACK_MILLIS = 300;
    /**
     * The timer in the stray tests: long enough that one restarted after the last stray (at 3/4 of it) ends late by
     * more than the slack.
     */
    static final int STRAY_TIMEOUT_MILLIS = 800;

    static String strayScenario(int timeoutMillis) {
        return "the grader's receiver answers nothing until DATA 0 comes a second time; meanwhile, " + timeoutMillis / 4
                + ", " + timeoutMillis / 2 + " and " + 3 * timeoutMillis / 4
                + " ms after the first DATA 0, it sends your"
                + " sender " + String.join(", ", ReferenceReceiver.STRAYS) + "; then it acts normally";
    }

    // ---------------------------------------------------------------------------------------------

    /** The student's RdtSender against the grader's receiver, through a relay that plays a scenario. */
    private static Transfer.Result senderScenario(String what, Script.Rule[] up, Script.Rule[] down) throws Throwable {
        Impairment leg = Impairment.none().delay(SCENARIO_DELAY);
        Trace.current().impairment("the scenario: " + what);
        Trace.current()
                .wire("RdtSender's retransmission timeout: " + SCENARIO_TIMEOUT_MILLIS + " ms; a round trip: "
                        + SCENARIO_DELAY.toMillis() * 2 + " ms");
        return Transfer.with("RdtSender")
                .toGradersReceiver()
                .upstream(leg.script(up))
                .downstream(leg.script(down))
                .run(
                        Transfer.payload(SCENARIO_SIZE),
                        (host, port) -> new RdtSender(host, port, SCENARIO_TIMEOUT_MILLIS),
                        RdtSender::send);
    }

    private static Transfer.Result stopAndWait(Transfer transfer, int size, int timeoutMillis) throws Throwable {
        Trace.current().wire("RdtSender's retransmission timeout: " + timeoutMillis + " ms");
        return transfer.run(
                Transfer.payload(size), (host, port) -> new RdtSender(host, port, timeoutMillis), RdtSender::send);
    }

    private static byte[] withTrailingJunk(byte[] packet) {
        byte[] buffer = new byte[packet.length + 16];
        System.arraycopy(packet, 0, buffer, 0, packet.length);
        java.util.Arrays.fill(buffer, packet.length, buffer.length, (byte) 0x5a);
        return buffer;
    }
}
