package socketlab.grader.relay;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The benchmark's server: counts what arrives and, for the latency run, records each datagram's one-way latency
 * from the send time the sender wrote into its first eight bytes (same JVM, so the same nanoTime clock).
 */
final class BenchmarkSink implements Closeable {
    private final DatagramChannel channel;
    private final AtomicLong received = new AtomicLong();
    private final long[] latencies;
    private final Thread thread;

    BenchmarkSink(int latencyCapacity) throws IOException {
        channel = DatagramChannel.open(StandardProtocolFamily.INET);
        channel.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
        channel.bind(new InetSocketAddress(Loopback.ADDRESS, 0));
        latencies = new long[latencyCapacity];
        thread = new Thread(this::receiveLoop, "bench-udp-relay-sink");
        thread.setDaemon(true);
        thread.start();
    }

    int port() throws IOException {
        return ((InetSocketAddress) channel.getLocalAddress()).getPort();
    }

    long received() {
        return received.get();
    }

    /** The latencies recorded so far, sorted, in nanoseconds. */
    long[] sortedLatencies() {
        int count = (int) Math.min(received.get(), latencies.length);
        long[] sorted = Arrays.copyOf(latencies, count);
        Arrays.sort(sorted);
        return sorted;
    }

    private void receiveLoop() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(65_536);
        try {
            while (true) {
                buffer.clear();
                channel.receive(buffer);
                long now = System.nanoTime();
                long index = received.get();
                if (index < latencies.length && buffer.position() >= Long.BYTES) {
                    latencies[(int) index] = now - buffer.getLong(0);
                }
                received.lazySet(index + 1); // this thread is the only writer
            }
        } catch (IOException closed) {
            // close() ends the loop.
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
