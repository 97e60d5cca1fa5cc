package socketlab.grader.relay;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for a condition with a generous deadline, checking often, instead of sleeping for a guessed time. */
final class Await {
    private Await() {}

    static void until(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout + " waiting until " + what);
            }
            LockSupport.parkNanos(100_000);
        }
    }

    /** Waits until the relay has read {@code count} datagrams in {@code direction}. */
    static void received(UdpRelay relay, Direction direction, long count) {
        until(
                count + " " + direction.label() + " datagrams reached the relay (" + relay.summary() + ")",
                Duration.ofSeconds(10),
                () -> relay.stats().of(direction).received() >= count);
    }

    /** Waits until every datagram the relay has read in {@code direction} was forwarded or dropped. */
    static void settled(UdpRelay relay, Direction direction) {
        until(
                "nothing is in flight " + direction.label() + " (" + relay.summary() + ")",
                Duration.ofSeconds(10),
                () -> relay.stats().of(direction).inFlight() == 0);
    }
}
