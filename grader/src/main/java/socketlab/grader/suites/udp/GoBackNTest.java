package socketlab.grader.suites.udp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.DisplayName;
import socketlab.grader.core.Exercise;
import socketlab.grader.core.Graded;
import socketlab.grader.core.Trace;
import socketlab.grader.relay.Impairment;
import socketlab.udp.GbnSender;

@Exercise(lab = "lab-udp", id = "U5", title = "Go-Back-N over UDP (bonus)", bonus = true)
class GoBackNTest {

    private static final int WINDOW = 8;

    @Graded(points = 2, timeoutSeconds = 60)
    @DisplayName("128 KB arrive exactly under loss, duplication, reordering and corruption (window 8)")
    void underMixedImpairments() throws Throwable {
        Impairment messy = Impairment.none().loss(0.1).duplicate(0.1).reorder(0.1, Duration.ofMillis(200)).corrupt(0.1, 8);
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
        Transfer.Result result = goBackN(Transfer.with("GbnSender").both(Impairment.none().delay(Duration.ofMillis(delayMillis))),
                size, 300);
        Transfer.assertDeliveredExactly(result);
        int packets = RdtReference.packetsFor(size);
        long stopAndWaitMillis = (long) packets * 2 * delayMillis; // one round trip per packet, at the very least
        long allowedMillis = stopAndWaitMillis / 2;
        double goodput = size / 1024.0 / Math.max(0.001, result.senderTime().toMillis() / 1000.0);
        assertThat(result.senderTime().toMillis()).as(String.format(Locale.ROOT, "how long GbnSender.send() took for %d KB"
                + " (%d packets; %.0f KB/s). Stop-and-wait needs a %d ms round trip per packet, at least %d ms in all;"
                + " with a window of %d packets in flight, Go-Back-N must take at most half that, %d ms",
                size / 1024, packets, goodput, 2 * delayMillis, stopAndWaitMillis, WINDOW, allowedMillis))
                .isLessThanOrEqualTo(allowedMillis);
    }

    private static Transfer.Result goBackN(Transfer transfer, int size, int timeoutMillis) throws Throwable {
        Trace.current().wire("GbnSender's retransmission timeout: " + timeoutMillis + " ms, window: " + WINDOW + " packets");
        return transfer.run(Transfer.payload(size), (host, port) -> new GbnSender(host, port, timeoutMillis, WINDOW),
                GbnSender::send);
    }
}
