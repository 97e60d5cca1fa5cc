package socketlab.grader.suites.udp;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The grader's own receiver, as the handout specifies one (what the solution's RdtReceiver does): it delivers packets
 * in order, each once, acknowledges every intact packet with the number of the last packet it has received in order,
 * and after the FIN lingers, answering FINs sent again. A test of a student's sender runs against it, so that what
 * goes wrong there is the sender's.
 *
 * <p>For the timer tests it can also withhold its ACKs at the start: it answers nothing until DATA 0 comes a second
 * time (the sender's timer ran out), and meanwhile sends the sender stray datagrams (a corrupted ACK, an old ACK,
 * garbage). When DATA 0 came each time tells how the sender's timer behaved.
 */
final class ReferenceReceiver implements Closeable {

    /** What the stray-datagram scenario sends, in turn: none of them acknowledges anything in flight. */
    static final List<String> STRAYS = List.of(
            "ACK 0 with a flipped bit (its checksum fails)",
            "ACK -1 (an old ACK: nothing received in order yet)",
            "the bytes \"HELLO\"");

    private final DatagramSocket socket;
    private final Duration linger;
    private final Duration strayEvery;
    private final int strayCount;
    private final CompletableFuture<byte[]> delivered = new CompletableFuture<>();
    private final AtomicInteger straysSent = new AtomicInteger();
    private final ScheduledExecutorService strayTimer;
    private final Thread thread;
    private volatile long firstDataZeroNanos = -1;
    private volatile long secondDataZeroNanos = -1;
    private volatile int acksSent;
    private volatile int highestWithheld = -1;

    private ReferenceReceiver(Duration linger, Duration strayEvery, int strayCount) {
        this.linger = linger;
        this.strayEvery = strayEvery;
        this.strayCount = strayCount;
        try {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        strayTimer = strayEvery == null
                ? null
                : Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "grader-receiver-strays"));
        thread = daemon(this::receive, "grader-receiver");
        thread.start();
    }

    /**
     * A receiver that lingers {@code linger} after the FIN (longer than a student's, so a slow FIN is still answered).
     */
    static ReferenceReceiver start(Duration linger) {
        return new ReferenceReceiver(linger, null, 0);
    }

    /**
     * A receiver that answers nothing until DATA 0 comes a second time, sending the sender {@code count} stray
     * datagrams, {@code every} apart, from the first DATA 0 on; from then on, a normal receiver. The strays stop well
     * before the timer's end (count × every below it), so a sender that restarts a whole timeout after a datagram,
     * however it waits, sends DATA 0 again a whole timeout after the last stray.
     */
    static ReferenceReceiver withStrays(Duration every, int count, Duration linger) {
        return new ReferenceReceiver(linger, every, count);
    }

    int port() {
        return socket.getLocalPort();
    }

    /**
     * The bytes delivered, once the FIN came (it lingers on, answering FINs sent again); null if not within {@code
     * wait}.
     */
    byte[] awaitDelivered(Duration wait) throws InterruptedException {
        try {
            return delivered.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException notYet) {
            return null;
        } catch (ExecutionException e) {
            throw new IllegalStateException("the grader's receiver failed: " + e.getCause(), e.getCause());
        }
    }

    /** From the first DATA 0 to the second (the sender's timer), or null if DATA 0 did not come twice. */
    Duration firstTimeout() {
        return firstDataZeroNanos < 0 || secondDataZeroNanos < 0
                ? null
                : Duration.ofNanos(secondDataZeroNanos - firstDataZeroNanos);
    }

    /** The highest packet number that came while no ACK had been sent (-1: none but DATA 0). */
    int highestWithheld() {
        return highestWithheld;
    }

    /** What the sender did while the receiver kept silent, for a window of {@code window} packets. */
    String whileSilent(int window) {
        if (highestWithheld >= window) {
            return "While the grader's receiver had acknowledged nothing, your sender went on to packet "
                    + highestWithheld
                    + ": it took a stray datagram for the ACK of DATA 0. A corrupted ACK fails its checksum, ACK -1"
                    + " acknowledges nothing, and \"HELLO\" is not a packet.";
        }
        return "The grader's receiver got DATA 0 " + (firstTimeout() == null ? "once" : "twice") + ".";
    }

    int straysSent() {
        return straysSent.get();
    }

    int acksSent() {
        return acksSent;
    }

    private void receive() {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        byte[] buffer = new byte[65_535];
        int expected = 0;
        boolean withholding = strayTimer != null;
        try {
            while (true) {
                DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
                socket.receive(datagram);
                long now = System.nanoTime();
                RdtReference.Decoded packet = RdtReference.decode(datagram.getData(), datagram.getLength());
                if (packet == null || packet.type() == RdtReference.ACK) {
                    continue;
                }
                if (withholding) {
                    if (packet.type() != RdtReference.DATA || packet.seq() != 0) {
                        highestWithheld = Math.max(highestWithheld, packet.seq());
                        continue; // as if lost: the sender's timer must send it again
                    }
                    if (firstDataZeroNanos < 0) {
                        firstDataZeroNanos = now;
                        startStrays(datagram.getSocketAddress(), now);
                        continue;
                    }
                    secondDataZeroNanos = now;
                    withholding = false;
                    strayTimer.shutdownNow();
                }
                if (packet.seq() == expected) {
                    data.writeBytes(packet.payload());
                    expected++;
                }
                ack(expected - 1, datagram.getSocketAddress());
                if (packet.type() == RdtReference.FIN && packet.seq() == expected - 1) {
                    delivered.complete(data.toByteArray()); // final: what comes after the FIN is not delivered
                    linger(packet.seq());
                    return;
                }
            }
        } catch (IOException closed) {
            delivered.completeExceptionally(
                    new IOException("the grader's receiver was closed before the transfer ended"));
        }
    }

    /** TIME_WAIT: answers every packet with the FIN's ACK until {@link #linger} passes with nothing coming. */
    private void linger(int finSeq) throws IOException {
        byte[] buffer = new byte[65_535];
        socket.setSoTimeout((int) linger.toMillis());
        try {
            while (true) {
                DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
                socket.receive(datagram);
                RdtReference.Decoded packet = RdtReference.decode(datagram.getData(), datagram.getLength());
                if (packet != null && packet.type() != RdtReference.ACK) {
                    ack(finSeq, datagram.getSocketAddress());
                }
            }
        } catch (SocketTimeoutException quiet) {
            // the sender has its ACK
        }
    }

    private void ack(int seq, SocketAddress to) throws IOException {
        byte[] ack = RdtReference.ack(seq);
        socket.send(new DatagramPacket(ack, ack.length, to));
        acksSent++;
    }

    private void startStrays(SocketAddress sender, long startNanos) {
        byte[] corrupted = RdtReference.ack(0);
        corrupted[6] ^= 0x08;
        List<byte[]> strays = List.of(corrupted, RdtReference.ack(-1), "HELLO".getBytes(StandardCharsets.UTF_8));
        long every = strayEvery.toNanos();
        for (int i = 1; i <= strayCount; i++) {
            byte[] stray = strays.get((i - 1) % strays.size());
            // By deadline from the first DATA 0, so a late start does not push the strays later.
            long at = startNanos + i * every - System.nanoTime();
            strayTimer.schedule(
                    () -> {
                        try {
                            socket.send(new DatagramPacket(stray, stray.length, sender));
                            straysSent.incrementAndGet();
                        } catch (IOException closed) {
                            // the test is over
                        }
                    },
                    at,
                    TimeUnit.NANOSECONDS);
        }
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    @Override
    public void close() {
        socket.close();
        if (strayTimer != null) {
            strayTimer.shutdownNow();
        }
    }
}
