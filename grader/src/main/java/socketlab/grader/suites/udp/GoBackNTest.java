package socketlab.grader.suites.udp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.DisplayName;
import socketlab.grader.core.Exercise;
import socketlab.grader.core.Graded;
import socketlab.grader.core.Trace;
import socketlab.grader.relay.Impairment;
import socketlab.grader.relay.Script;
import socketlab.udp.GbnSender;

@Exercise(lab = "lab-udp", id = "U5", title = "Go-Back-N over UDP (bonus)", bonus = true)
class GoBackNTest {

    private static final int WINDOW = 8;
    /** 64 KB: 16 data packets and the FIN. */
    private static final int SCENARIO_SIZE = 16 * RdtReference.MAX_PAYLOAD;

    private static final int SCENARIO_PACKETS = RdtReference.packetsFor(SCENARIO_SIZE);
    /**
     * The timer in the scenarios (no delay): far above a round trip, so only the script's losses make it run out, even
     * on a machine so busy that a program waits a few hundred milliseconds for the CPU.
     */
    private static final int SCENARIO_TIMEOUT_MILLIS = 600;

    @Graded(points = 2, timeoutSeconds = 60)
    @DisplayName("128 KB arrive exactly under loss, duplication, reordering and corruption (window 8)")
    void underMixedImpairments() throws Throwable {
        Impairment messy = Impairment.none()
                .loss(0.1)
                .duplicate(0.1)
                .reorder(0.1, Duration.ofMillis(200))
                .corrupt(0.1, 8);
        Transfer.Result result = goBackN(Transfer.with("GbnSender").both(messy), 128 * 1024, 25);
        Transfer.assertDeliveredExactly(result);
    }

    @Graded(points = 2, timeoutSeconds = 60)
    @DisplayName("64 KB arrive exactly under 30% loss each way with 10 ms of delay (window 8)")
    void underHeavyLossAndDelay() throws Throwable {
        Impairment lossy = Impairment.none().loss(0.3).delay(Duration.ofMillis(10), Duration.ofMillis(5));
        Transfer.Result result = goBackN(Transfer.with("GbnSender").both(lossy), 64 * 1024, 60);
        Transfer.assertDeliveredExactly(result);
    }

    @Graded(points = 2, timeoutSeconds = 60)
    @DisplayName("with 50 ms of delay each way, Go-Back-N moves data at least twice as fast as stop-and-wait can")
    void goodputBeatsStopAndWait() throws Throwable {
        int delayMillis = 50;
        int size = 128 * 1024;
        Transfer.Result result = goBackN(
                Transfer.with("GbnSender").both(Impairment.none().delay(Duration.ofMillis(delayMillis))), size, 300);
        Transfer.assertDeliveredExactly(result);
        int packets = RdtReference.packetsFor(size);
        long stopAndWaitMillis = (long) packets * 2 * delayMillis; // one round trip per packet, at the very least
        long allowedMillis = stopAndWaitMillis / 2;
        double goodput = size / 1024.0 / Math.max(0.001, result.senderTime().toMillis() / 1000.0);
        assertThat(result.senderTime().toMillis())
                .as(String.format(
                        Locale.ROOT,
                        "how long GbnSender.send() took for %d KB"
                                + " (%d packets; %.0f KB/s). Stop-and-wait needs a %d ms round trip per packet, at "
                                + "least %d ms in all;"
                                + " with a window of %d packets in flight, Go-Back-N must take at most half that, %d "
                                + "ms",
                        size / 1024,
                        packets,
                        goodput,
                        2 * delayMillis,
                        stopAndWaitMillis,
                        WINDOW,
                        allowedMillis))
                .isLessThanOrEqualTo(allowedMillis);
    }

    @Graded(points = 2, timeoutSeconds = 30)
    @DisplayName("a loss inside a full window: when the timer runs out, every packet in flight is sent again, at once")
    void resendsEveryPacketInFlight() throws Throwable {
        Transfer.Result result = scenario(
                "the relay loses the first copy of DATA 2, in the first window",
                new Script.Rule[] {Scenario.dropData(2, SCENARIO_PACKETS)},
                new Script.Rule[0]);
        Scenario.assertProtocol(
                result,
                WINDOW,
                Scenario.concat(
                        Scenario.range(0, 10, SCENARIO_PACKETS),
                        Scenario.range(2, 10, SCENARIO_PACKETS),
                        Scenario.range(10, SCENARIO_PACKETS, SCENARIO_PACKETS)),
                "GbnSender",
                "DATA 2 was lost; ACK 0 and ACK 1 let DATA 8 and DATA 9 go; when the timer of DATA 2 runs out,"
                        + " the 8 packets in flight, DATA 2 to DATA 9, go again at once, and nothing else is ever "
                        + "sent twice");
    }

    @Graded(points = 1, timeoutSeconds = 30)
    @DisplayName(
            "cumulative ACKs: when only every 4th ACK gets through, each one slides the window on; nothing is sent "
                    + "twice")
    void slidesOnCumulativeAcks() throws Throwable {
        java.util.List<Script.Rule> drops = new java.util.ArrayList<>();
        for (int seq = 0; seq < SCENARIO_PACKETS - 1; seq++) {
            if (seq % 4 != 3) {
                drops.add(Scenario.dropAck(seq));
            }
        }
        Transfer.Result result = scenario(
                "the relay loses every ACK except ACK 3, 7, 11, 15 and the FIN's",
                new Script.Rule[0],
                drops.toArray(Script.Rule[]::new));
        Scenario.assertProtocol(
                result,
                WINDOW,
                Scenario.range(0, SCENARIO_PACKETS, SCENARIO_PACKETS),
                "GbnSender",
                "ACK 3 acknowledges DATA 0 to DATA 3, and so on: every packet arrived, so none goes twice");
    }

    @Graded(points = 1, timeoutSeconds = 30)
    @DisplayName("a lost ACK covered by the next one: nothing is sent again")
    void aLaterAckCoversALostOne() throws Throwable {
        Transfer.Result result = scenario(
                "the relay loses the first ACK 3", new Script.Rule[0], new Script.Rule[] {Scenario.dropAck(3)});
        Scenario.assertProtocol(
                result,
                WINDOW,
                Scenario.range(0, SCENARIO_PACKETS, SCENARIO_PACKETS),
                "GbnSender",
                "ACK 4 came after the lost ACK 3, and acknowledges DATA 3 too: nothing is sent twice");
    }

    @Graded(points = 1, timeoutSeconds = 30)
    @DisplayName("stray datagrams (a corrupted ACK, an old ACK, garbage) do not restart the timer of the oldest packet")
    void strayDatagramsDoNotRestartTheTimer() throws Throwable {
        int timeout = ReliableTransferTest.STRAY_TIMEOUT_MILLIS;
        byte[] data = Transfer.payload(6 * RdtReference.MAX_PAYLOAD);
        Trace.current().impairment(ReliableTransferTest.strayScenario(timeout));
        try (ReferenceReceiver receiver = ReferenceReceiver.withStrays(
                        java.time.Duration.ofMillis(timeout / 4), 3, Duration.ofSeconds(1));
                GbnSender sender = new GbnSender("127.0.0.1", receiver.port(), timeout, WINDOW)) {
            Transfer.sendWithin(
                    "GbnSender",
                    sender,
                    GbnSender::send,
                    data,
                    Duration.ofSeconds(15),
                    () -> receiver.whileSilent(WINDOW));
            ReliableTransferTest.assertTimerRanFromTheSend(
                    receiver.firstTimeout(), timeout, receiver.straysSent(), "GbnSender");
            Transfer.assertDeliveredExactly(data, receiver.awaitDelivered(Duration.ofSeconds(5)));
        }
    }

    @Graded(points = 1, timeoutSeconds = 60)
    @DisplayName(
            "128 KB arrive exactly under bursty loss (Gilbert-Elliott: 15% lost, in runs of 4 on average, each way)")
    void underBurstyLoss() throws Throwable {
        Impairment bursty = Impairment.none().burstLoss(0.15, 4).delay(Duration.ofMillis(5));
        Transfer.Result result = goBackN(Transfer.with("GbnSender").both(bursty), 128 * 1024, 60);
    }

    /** The student's GbnSender against the grader's receiver, through a relay that plays a scenario. */
    private static Transfer.Result scenario(String what, Script.Rule[] up, Script.Rule[] down) throws Throwable {
        Trace.current().impairment("the scenario: " + what);
        return goBackN(
                Transfer.with("GbnSender")
                        .toGradersReceiver()
                        .upstream(Impairment.none().script(up))
                        .downstream(Impairment.none().script(down)),
                SCENARIO_SIZE,
                SCENARIO_TIMEOUT_MILLIS);
    }

    private static Transfer.Result goBackN(Transfer transfer, int size, int timeoutMillis) throws Throwable {
        Trace.current()
                .wire("GbnSender's retransmission timeout: " + timeoutMillis + " ms, window: " + WINDOW + " packets");
        return transfer.run(
                Transfer.payload(size),
                (host, port) -> new GbnSender(host, port, timeoutMillis, WINDOW),
                GbnSender::send);
    }
}
