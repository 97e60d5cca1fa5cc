package socketlab.grader.relay;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Measurements of the relay, upstream only: a sender pushes datagrams through a relay to a {@link BenchmarkSink}
 * (or, for the baseline, straight to it).
 * The sender keeps at most {@code window} datagrams unaccounted for (neither at the sink nor dropped by the relay),
 * so kernel socket buffers do not overflow; if some are lost in the kernel anyway it stops waiting for them after a
 * short stall and they are reported as kernel drops.
 */
public final class RelayBenchmark {
    private static final long STALL_NANOS = 200_000_000L;

    private final long seed;
    private final int window;
    private final int payloadSize;

    public RelayBenchmark(long seed, int window, int payloadSize) {
        this.seed = seed;
        this.window = window;
        this.payloadSize = Math.max(Long.BYTES, payloadSize);
    }

    /** What one run measured. */
    public record Run(
            long sent,
            long relayReceived,
            long relayDropped,
            long delivered,
            long elapsedNanos,
            long[] sortedLatencies,
            long[] sortedRelayLateness) {
        /** Datagrams lost in kernel buffers: before the relay read them or between the relay and the sink. */
        public long kernelDrops() {
            return sent - relayReceived + (relayReceived - relayDropped - delivered);
        }

        public double deliveredPerSecond() {
            return delivered * 1e9 / elapsedNanos;
        }

        public double measuredLoss() {
            return 1 - (double) delivered / sent;
        }

        public double relayLoss() {
            return relayReceived == 0 ? 0 : (double) relayDropped / relayReceived;
        }
    }

    /** Sends {@code count} datagrams as fast as the window allows. */
    public Run flood(Impairment impairment, int count) throws IOException {
        return run(impairment, count, 0, 0);
    }

    /** Sends {@code count} datagrams {@code spacing} apart, recording each one's latency. */
    public Run paced(Impairment impairment, int count, Duration spacing) throws IOException {
        return run(impairment, count, spacing.toNanos(), count);
    }

    /**
     * The baseline: the same sender floods the same sink directly, with no relay between them, so the relay's rate
     * can be given as a share of what loopback UDP does on this machine in the same run.
     */
    public Run floodDirect(int count) throws IOException {
        try (BenchmarkSink sink = new BenchmarkSink(0)) {
            long elapsed = send(new InetSocketAddress(Loopback.ADDRESS, sink.port()), sink::received, count, 0);
            return new Run(count, count, 0, sink.received(), elapsed, new long[0], new long[0]);
        }
    }

    private Run run(Impairment impairment, int count, long spacingNanos, int latencyCapacity) throws IOException {
        try (BenchmarkSink sink = new BenchmarkSink(latencyCapacity);
                UdpRelay relay = UdpRelay.to(sink.port())
                        .seed(seed)
                        .upstream(impairment)
                        .eventLogCapacity(latencyCapacity)
                        .start()) {
            long elapsed = send(
                    relay.address(),
                    () -> sink.received() + relay.stats().upstream().dropped(),
                    count,
                    spacingNanos);
            DirectionStats up = relay.stats().upstream();
            return new Run(
                    count,
                    up.received(),
                    up.dropped(),
                    sink.received(),
                    elapsed,
                    sink.sortedLatencies(),
                    relayLateness(relay));
        }
    }

    /**
     * Sends {@code count} datagrams to {@code target}, {@code spacingNanos} apart (0: as fast as the window allows),
     * and waits until {@code accounted} (arrived or dropped on purpose) has them all; the nanoseconds it took.
     */
    private long send(InetSocketAddress target, LongSupplier accounted, int count, long spacingNanos)
            throws IOException {
        try (DatagramChannel sender = DatagramChannel.open(StandardProtocolFamily.INET)) {
            sender.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
            sender.bind(new InetSocketAddress(Loopback.ADDRESS, 0));
            sender.connect(target);
            ByteBuffer payload = ByteBuffer.allocateDirect(payloadSize);

            long start = System.nanoTime();
            long writtenOff = 0; // datagrams given up on as lost in the kernel
            for (int i = 0; i < count; i++) {
                if (spacingNanos > 0) {
                    waitUntil(start + i * spacingNanos);
                }
                writtenOff += awaitWindow(accounted, i - writtenOff);
                payload.clear();
                payload.putLong(0, System.nanoTime());
                sender.write(payload);
            }
            awaitQuiet(accounted, count);
            return System.nanoTime() - start;
        }
    }

    /** How late the relay sent each forwarded datagram compared with its planned delay, sorted, in nanoseconds. */
    private static long[] relayLateness(UdpRelay relay) {
        return relay.events().stream()
                .filter(e -> !e.dropped())
                .mapToLong(e -> e.sentNanos() - e.receivedNanos() - e.plannedDelayNanos())
                .sorted()
                .toArray();
    }

    /** Waits until fewer than {@code window} datagrams are unaccounted for; returns how many it gave up on. */
    private long awaitWindow(LongSupplier accountedFor, long sent) {
        long lastAccounted = -1;
        long lastProgress = System.nanoTime();
        while (true) {
            long accounted = accountedFor.getAsLong();
            long outstanding = sent - accounted;
            if (outstanding < window) {
                return 0;
            }
            long now = System.nanoTime();
            if (accounted != lastAccounted) {
                lastAccounted = accounted;
                lastProgress = now;
            } else if (now - lastProgress > STALL_NANOS) {
                return outstanding; // nothing moves: they were dropped by the kernel
            }
            LockSupport.parkNanos(20_000);
        }
    }

    /** Waits until everything sent is accounted for, or nothing has moved for a while. */
    private static void awaitQuiet(LongSupplier accountedFor, long expected) {
        long lastAccounted = -1;
        long lastProgress = System.nanoTime();
        while (true) {
            long accounted = accountedFor.getAsLong();
            long now = System.nanoTime();
            if (accounted >= expected) {
                return;
            }
            if (accounted != lastAccounted) {
                lastAccounted = accounted;
                lastProgress = now;
            } else if (now - lastProgress > 5 * STALL_NANOS) {
                return;
            }
            LockSupport.parkNanos(100_000);
        }
    }

    private static void waitUntil(long deadlineNanos) {
        long left;
        while ((left = deadlineNanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }
}
