package socketlab.grader.relay;

import java.util.concurrent.atomic.AtomicLong;

/** Live counters of one direction, updated by the I/O and timer threads. */
final class DirectionCounters {
    final AtomicLong received = new AtomicLong();
    final AtomicLong bytesReceived = new AtomicLong();
    final AtomicLong forwarded = new AtomicLong();
    final AtomicLong bytesForwarded = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong duplicated = new AtomicLong();
    final AtomicLong delayed = new AtomicLong();
    final AtomicLong reordered = new AtomicLong();
    final AtomicLong corrupted = new AtomicLong();

    DirectionStats snapshot() {
        // Read "out" counters before "in" counters so a concurrent snapshot never shows more out than in.
        long forwardedNow = forwarded.get();
        long droppedNow = dropped.get();
        long bytesForwardedNow = bytesForwarded.get();
        return new DirectionStats(
                received.get(),
                forwardedNow,
                droppedNow,
                duplicated.get(),
                delayed.get(),
                reordered.get(),
                corrupted.get(),
                bytesReceived.get(),
                bytesForwardedNow);
    }
}
