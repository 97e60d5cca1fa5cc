package socketlab.grader.suites.udp;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import socketlab.grader.core.Trace;
import socketlab.grader.harness.Text;

/**
 * The grader's own pinger server with a script: it echoes ping n after {@code delayOf(n)}, or never
 * when that is null, and notes when each ping came and when its reply left. It can also send the client
 * stray datagrams, at set times after a chosen ping came.
 */
final class ScriptedPingServer implements Closeable {

    private static final Pattern PING = Pattern.compile("PING (\\d{1,9}) \\d+");

    private final DatagramSocket socket;
    private final IntFunction<Duration> delayOf;
    private final ScheduledExecutorService timer;
    private final Map<Integer, Long> receivedAt = new ConcurrentHashMap<>();
    private final Map<Integer, Long> replyingAt = new ConcurrentHashMap<>();
    private final Map<Integer, Long> repliedAt = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile int strayAfterSeq = -1;
    private volatile java.util.List<Duration> strayTimes = java.util.List.of();
    private volatile String lastReply;

    ScriptedPingServer(IntFunction<Duration> delayOf) {
        this.delayOf = delayOf;
        try {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "scripted-ping-server-timer");
            t.setDaemon(true);
            return t;
        });
        Trace trace = Trace.current();
        thread = new Thread(() -> serve(trace), "scripted-ping-server");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    /**
     * When ping {@code seq} comes, sends the client a stray datagram at each of these times after it, in turn: a second
     * copy of the last reply sent (a late duplicate), "PING 99 0" (the reply to no ping of this run), "HELLO".
     */
    ScriptedPingServer straysAfter(int seq, Duration... times) {
        strayTimes = java.util.List.of(times);
        strayAfterSeq = seq;
        return this;
    }

    /** What {@link #straysAfter} sends, for the feedback. */
    static final String STRAYS =
            "a second copy of the last reply sent, \"PING 99 0\" (a reply to no ping of this run)," + " and \"HELLO\"";

    /** When ping {@code seq} reached the server (System.nanoTime), or null if it never did. */
    Long receivedAt(int seq) {
        return receivedAt.get(seq);
    }

    /** Just before the (first) reply to ping {@code seq} was sent (System.nanoTime), or null if none was. */
    Long replyingAt(int seq) {
        return replyingAt.get(seq);
    }

    /** Just after the (first) reply to ping {@code seq} was sent, or null if none was. */
    Long repliedAt(int seq) {
        return repliedAt.get(seq);
    }

    private void serve(Trace trace) {
        byte[] buffer = new byte[65_535];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (IOException e) {
                return; // closed
            }
            long now = System.nanoTime();
            byte[] bytes = java.util.Arrays.copyOf(packet.getData(), packet.getLength());
            String text = new String(bytes, StandardCharsets.UTF_8);
            SocketAddress from = packet.getSocketAddress();
            Matcher ping = PING.matcher(text);
            if (!ping.matches()) {
                trace.wire("→ " + trace.recorder().receivedFromClient() + " " + Text.bytes(bytes)
                        + ", which is not \"PING <seq> <time>\": no reply");
                continue;
            }
            int seq = Integer.parseInt(ping.group(1));
            receivedAt.putIfAbsent(seq, now);
            if (seq == strayAfterSeq) {
                scheduleStrays(from, now);
            }
            Duration delay = delayOf.apply(seq);
            if (delay == null) {
                trace.wire("→ " + trace.recorder().receivedFromClient() + " " + Text.quote(text)
                        + "; the grader's server drops it (no reply)");
                continue;
            }
            trace.wire("→ " + trace.recorder().receivedFromClient() + " " + Text.quote(text)
                    + "; the grader's server replies after " + delay.toMillis() + " ms");
            timer.schedule(() -> reply(bytes, from, seq), delay.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void scheduleStrays(SocketAddress to, long fromNanos) {
        String duplicate = lastReply;
        java.util.List<byte[]> strays = java.util.List.of(
                (duplicate == null ? "PING 0 0" : duplicate).getBytes(StandardCharsets.UTF_8),
                "PING 99 0".getBytes(StandardCharsets.UTF_8),
                "HELLO".getBytes(StandardCharsets.UTF_8));
        java.util.List<Duration> times = strayTimes;
        for (int i = 0; i < times.size(); i++) {
            byte[] stray = strays.get(i % strays.size());
            long at = fromNanos + times.get(i).toNanos() - System.nanoTime(); // by deadline from the ping's arrival
            timer.schedule(
                    () -> {
                        try {
                            socket.send(new DatagramPacket(stray, stray.length, to));
                        } catch (IOException e) {
                            // closed: the test is over
                        }
                    },
                    at,
                    TimeUnit.NANOSECONDS);
        }
    }

    private void reply(byte[] bytes, SocketAddress to, int seq) {
        try {
            // Timestamps on both sides of the send: the client's RTT cannot be less than the time from the
            // ping's arrival to the first, and should not be much more than the time to the second.
            replyingAt.putIfAbsent(seq, System.nanoTime());
            socket.send(new DatagramPacket(bytes, bytes.length, to));
            repliedAt.putIfAbsent(seq, System.nanoTime());
            lastReply = new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            // closed: the test is over
        }
    }

    @Override
    public void close() {
        socket.close();
        timer.shutdownNow();
    }
}
