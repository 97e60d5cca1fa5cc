package socketlab.grader.relay;

import java.util.ArrayDeque;

/**
 * A rate-limited link with a FIFO queue in front of it, like a router's output port: a datagram is sent as soon as
 * the link is free, waits if it is busy, and is dropped if {@code queueLimit} datagrams are already waiting.
 * Its decisions depend on arrival times, so unlike the random decisions they are not replayable exactly.
 * Used by one thread only (its direction's reader thread).
 */
final class Bottleneck {
    /** Start-of-service times of the datagrams still waiting, oldest first. */
    private final ArrayDeque<Long> waiting = new ArrayDeque<>();

    private long linkFreeAtNanos = Long.MIN_VALUE;

    static final long FULL = -1;

    /** Admits a datagram arriving at {@code nowNanos}; returns how long it must wait, or {@link #FULL}. */
    long admit(Impairment impairment, int payloadLength, long nowNanos) {
        if (!impairment.isRateLimited()) {
            waiting.clear();
            linkFreeAtNanos = Long.MIN_VALUE;
            return 0;
        }
        while (!waiting.isEmpty() && waiting.peekFirst() <= nowNanos) {
            waiting.pollFirst();
        }
        if (waiting.size() >= impairment.rate().queueLimit() && linkFreeAtNanos > nowNanos) {
            return FULL;
        }
        long start = Math.max(nowNanos, linkFreeAtNanos);
        linkFreeAtNanos = start + serviceNanos(impairment, payloadLength);
        if (start > nowNanos) {
            waiting.addLast(start);
        }
        return start - nowNanos;
    }

    private static long serviceNanos(Impairment impairment, int payloadLength) {
        double units = impairment.rate().unit() == Impairment.RateUnit.BYTES ? Math.max(1, payloadLength) : 1;
        return (long) Math.ceil(units * 1e9 / impairment.rate().perSecond());
    }
}
