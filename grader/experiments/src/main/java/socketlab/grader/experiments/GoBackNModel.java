package socketlab.grader.experiments;

/**
 * A textbook-level model of Go-Back-N under loss (Kurose &amp; Ross §3.4.3), for the lab's {@code GbnSender}: a window
 * of N packets, cumulative ACKs, one timer for the oldest unacknowledged packet (restarted when an ACK moves the
 * window), and on a timeout every packet in flight sent again.
 *
 * <ul>
 *   <li>Without loss the window is the limit: N packets per round trip, (L/R + RTT) / N per packet (the textbook's
 *       U = N · (L/R) / (RTT + L/R); the relay adds no bandwidth limit).</li>
 *   <li>A packet becomes the oldest unacknowledged one once. If its last copy was lost (probability p<sub>up</sub>),
 *       nothing moves until its timer runs out, T<sub>eff</sub> = T − 1 ms (as in {@link StopAndWaitModel}); then the
 *       whole window goes again at once. The sender sends windows in bursts (a full one at the start and after each
 *       timeout, and a burst of new packets for each burst of ACKs), so a loss inside a burst also holds back the new
 *       packets the rest of that burst's ACKs would have let go: on average about half a round trip more. Each such
 *       loss costs T<sub>eff</sub> + (L/R + RTT)/2. The copies a timeout sends again are new draws, so the timeouts a
 *       packet costs while it is the oldest are geometric: 1/(1 − p<sub>up</sub>) − 1 on average. Later packets lost
 *       in the same window cost nothing more: they go again with it.</li>
 *   <li>A lost ACK costs nothing when a later ACK of the window comes before the timer (cumulative ACKs); all N of a
 *       window lost (p<sub>down</sub><sup>N</sup>) is neglected. At the end no later ACK covers the FIN's: once per
 *       transfer, 1/(1 − p<sub>down</sub>) − 1 timers on average; and the last window, half full on average, takes a
 *       whole round trip: (L/R + RTT)/2 more.</li>
 * </ul>
 *
 * E[t] = (L/R + RTT) / N + (1/(1 − p<sub>up</sub>) − 1) · (T<sub>eff</sub> + (L/R + RTT)/2) per packet, plus
 * (L/R + RTT)/2 + (1/(1 − p<sub>down</sub>) − 1) · T<sub>eff</sub> per transfer. An event-by-event simulation of
 * this sender on an ideal link (fixed delay, independent loss, no sending time) agrees within 2% from 0 to 40% loss.
 * Valid while T exceeds the round trip, and while N packets fit in the link (no congestion; the relay's queue is
 * unlimited here).
 */
public final class GoBackNModel {

    private GoBackNModel() {}

    /** Expected milliseconds per packet, for a round trip (L/R + RTT) of {@code roundTripMs}. */
    public static double millisPerPacket(double lossUp, double roundTripMs, double timeoutMs, int window) {
        return roundTripMs / window
                + (1 / (1 - lossUp) - 1) * (StopAndWaitModel.effectiveTimeout(timeoutMs) + roundTripMs / 2);
    }

    /**
     * Expected milliseconds a transfer spends on its end: the last window's round trip, and the FIN's ACK, uncovered.
     */
    public static double endMillis(double lossDown, double roundTripMs, double timeoutMs) {
        return roundTripMs / 2 + (1 / (1 - lossDown) - 1) * StopAndWaitModel.effectiveTimeout(timeoutMs);
    }

    /** Expected milliseconds for {@code packets} data packets and the FIN. */
    public static double transferMillis(
            int packets, double lossUp, double lossDown, double roundTripMs, double timeoutMs, int window) {
        return (packets + 1) * millisPerPacket(lossUp, roundTripMs, timeoutMs, window)
                + endMillis(lossDown, roundTripMs, timeoutMs);
    }

    /** Expected goodput in kB/s (1 kB = 1000 bytes). */
    public static double goodputKBps(
            long bytes, int packets, double lossUp, double lossDown, double roundTripMs, double timeoutMs, int window) {
        return bytes / transferMillis(packets, lossUp, lossDown, roundTripMs, timeoutMs, window); // bytes/ms = kB/s
    }
}
