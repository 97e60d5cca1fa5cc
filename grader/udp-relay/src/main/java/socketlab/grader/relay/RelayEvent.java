package socketlab.grader.relay;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * What happened to one copy of one datagram. Drops are logged when decided, forwards when sent.
 * Times are nanoseconds since the relay started.
 *
 * @param direction     which way the datagram travelled
 * @param index         its sequence number in that direction, from 0, in the order the relay read them
 * @param action        what the relay did
 * @param receivedNanos when the relay read it
 * @param sentNanos     when the relay sent it (just before the send call, so the copy cannot have reached anyone
 *                      earlier), or -1 if it was dropped
 * @param plannedDelayNanos the delay decided on arrival (delay, jitter and rate-limit queueing; not reorder holds)
 * @param size          payload length in bytes
 * @param flippedBits   how many bits were flipped (0 if not corrupted)
 * @param heldBack      whether it was held back to reorder it
 * @param client        the client of the session it belongs to
 * @param packet        what the relay's {@link PacketDecoder} read from it, or null (no decoder, or not a packet)
 * @param scriptAction  what the {@link Script} rule that decided its fate did, or null if the random impairment decided
 */
public record RelayEvent(
        Direction direction,
        long index,
        Action action,
        long receivedNanos,
        long sentNanos,
        long plannedDelayNanos,
        int size,
        int flippedBits,
        boolean heldBack,
        InetSocketAddress client,
        Packet packet,
        Script.Action scriptAction) {

    /** What the relay did with a copy of a datagram. */
    public enum Action {
        /** The datagram was sent on. */
        FORWARDED(false),
        /** An extra copy made by duplication was sent on. */
        DUPLICATE_FORWARDED(false),
        /** Dropped by the random loss. */
        LOST(true),
        /** Dropped by a rule of the impairment's {@link Script}. */
        DROPPED_BY_SCRIPT(true),
        /** Dropped for being longer than the maximum datagram size. */
        TOO_LARGE(true),
        /** Dropped because the rate limiter's queue was full. */
        QUEUE_FULL(true),
        /** Could not be sent (socket closed or full, session limit reached). */
        UNDELIVERABLE(true);

        private final boolean drop;

        Action(boolean drop) {
            this.drop = drop;
        }

        public boolean isDrop() {
            return drop;
        }
    }

    public boolean dropped() {
        return action.isDrop();
    }

    /** Whether a {@link Script} rule decided its fate (rather than the random impairment). */
    public boolean scripted() {
        return scriptAction != null;
    }

    public boolean corrupted() {
        return flippedBits > 0;
    }

    /** How long the relay actually held this copy (receive to send), or {@code null} if it was dropped. */
    public Duration actualDelay() {
        return sentNanos < 0 ? null : Duration.ofNanos(sentNanos - receivedNanos);
    }
}
