package socketlab.grader.experiments;

/**
 * The textbook's stop-and-wait model (Kurose &amp; Ross §3.4.2: sender utilisation U = (L/R) / (RTT + L/R)),
 * extended for loss and timeouts as the lab's rdt 3.0 sender ({@code RdtSender}) behaves:
 *
 * <ul>
 *   <li>a packet and its ACK each cross the relay once, each lost with probability p (per direction), so one
 *       attempt succeeds with probability q = (1 − p<sub>up</sub>)(1 − p<sub>down</sub>);</li>
 *   <li>a successful attempt costs one round trip of a packet and its ACK, L/R + RTT (RTT ≈ 2 × the one-way
 *       delay; the model takes it as measured, as the textbook takes RTT as given);</li>
 *   <li>a failed attempt costs the timer. The sender sets {@code deadline = now + T} just after sending, then
 *       waits {@code setSoTimeout((deadline − now') / 1 ms)}: a whole number of milliseconds, one less than T
 *       because a few microseconds have passed. So T<sub>eff</sub> = T − 1 ms;</li>
 *   <li>attempts are independent, so the failures before the success are geometric, with mean 1/q − 1.</li>
 * </ul>
 *
 * Expected time per packet: E[t] = (L/R + RTT) + (1/q − 1) · T<sub>eff</sub>; n data packets and the FIN take
 * (n + 1) · E[t]; goodput = bytes / that time. (Valid while T exceeds the RTT: the experiment sets T = 2 RTT + 10 ms.)
 */
public final class StopAndWaitModel {

    private StopAndWaitModel() {}

    /** Expected milliseconds per packet, for a round trip (L/R + RTT) of {@code roundTripMs}. */
    public static double millisPerPacket(double lossUp, double lossDown, double roundTripMs, double timeoutMs) {
        double q = (1 - lossUp) * (1 - lossDown);
        return roundTripMs + (1 / q - 1) * effectiveTimeout(timeoutMs);
    }

    /** The timer's real length: the sender waits a whole number of milliseconds, one less than T. */
    public static double effectiveTimeout(double timeoutMs) {
        return timeoutMs - 1;
    }

    /** Expected goodput in kB/s (1 kB = 1000 bytes) of {@code packets} full data packets and a FIN. */
    public static double goodputKBps(
            long bytes, int packets, double lossUp, double lossDown, double roundTripMs, double timeoutMs) {
        return bytes / ((packets + 1) * millisPerPacket(lossUp, lossDown, roundTripMs, timeoutMs)); // bytes/ms = kB/s
    }
}
