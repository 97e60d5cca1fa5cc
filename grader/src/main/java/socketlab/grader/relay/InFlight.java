package socketlab.grader.relay;

import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;

/** One copy of a datagram on its way through the relay, with where it goes and what was decided for it. */
final class InFlight {
    final long index;
    final boolean duplicate;
    final byte[] payload;
    final DatagramChannel out;
    final InetSocketAddress destination;
    final ReorderSlot slot;
    final InetSocketAddress client;
    final long receivedAtNanos;
    final long plannedDelayNanos;
    final int flippedBits;
    final boolean holdBack;
    final long maxHoldNanos;
    /** Whether it was actually held back (the slot may already be taken); guarded by the slot's lock. */
    boolean wasHeld;

    InFlight(long index, boolean duplicate, byte[] payload, DatagramChannel out, InetSocketAddress destination,
             ReorderSlot slot, InetSocketAddress client, long receivedAtNanos, long plannedDelayNanos,
             int flippedBits, boolean holdBack, long maxHoldNanos) {
        this.index = index;
        this.duplicate = duplicate;
        this.payload = payload;
        this.out = out;
        this.destination = destination;
        this.slot = slot;
        this.client = client;
        this.receivedAtNanos = receivedAtNanos;
        this.plannedDelayNanos = plannedDelayNanos;
        this.flippedBits = flippedBits;
        this.holdBack = holdBack;
        this.maxHoldNanos = maxHoldNanos;
    }
}
