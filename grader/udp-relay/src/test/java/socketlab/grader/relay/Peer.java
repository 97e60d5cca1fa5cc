package socketlab.grader.relay;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A UDP endpoint on 127.0.0.1 for tests: a background thread receives into a queue (so kernel buffers never fill),
 * and, as a server, it can echo every datagram back to its sender.
 */
final class Peer implements Closeable {
    static final InetAddress LOOPBACK = Loopback.ADDRESS;

    /** One received datagram, with when it arrived and who sent it. */
    record Datagram(byte[] payload, long arrivedNanos, InetSocketAddress from) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private final DatagramSocket socket;
    private final boolean echo;
    private final BlockingQueue<Datagram> received = new LinkedBlockingQueue<>();
    private final Thread reader;

    private Peer(boolean echo) {
        this.echo = echo;
        try {
            socket = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
            socket.setReceiveBufferSize(1 << 20);
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
        reader = new Thread(this::receiveLoop, "relay-test-peer-" + socket.getLocalPort());
        reader.setDaemon(true);
        reader.start();
    }

    /** A server that only collects what it receives. */
    static Peer sink() {
        return new Peer(false);
    }

    /** A server that sends every datagram back to where it came from. */
    static Peer echoServer() {
        return new Peer(true);
    }

    /** A client (it collects replies). */
    static Peer client() {
        return new Peer(false);
    }

    int port() {
        return socket.getLocalPort();
    }

    void send(byte[] payload, int port) {
        try {
            socket.send(new DatagramPacket(payload, payload.length, LOOPBACK, port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void send(String text, int port) {
        send(text.getBytes(StandardCharsets.UTF_8), port);
    }

    /** The next datagram, or empty if none arrives within {@code timeout}. */
    Optional<Datagram> receive(Duration timeout) {
        try {
            return Optional.ofNullable(received.poll(timeout.toNanos(), TimeUnit.NANOSECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Exactly {@code count} datagrams, failing if they do not all arrive within {@code timeout}. */
    List<Datagram> receive(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Datagram> datagrams = new ArrayList<>();
        while (datagrams.size() < count) {
            long left = deadline - System.nanoTime();
            Optional<Datagram> next = receive(Duration.ofNanos(Math.max(0, left)));
            if (next.isEmpty()) {
                throw new AssertionError("received " + datagrams.size() + " of " + count + " datagrams in " + timeout);
            }
            datagrams.add(next.get());
        }
        return datagrams;
    }

    /** Everything received so far. */
    List<Datagram> drain() {
        List<Datagram> datagrams = new ArrayList<>();
        received.drainTo(datagrams);
        return datagrams;
    }

    private void receiveLoop() {
        byte[] buffer = new byte[65_536];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        while (!socket.isClosed()) {
            try {
                packet.setLength(buffer.length);
                socket.receive(packet);
                long now = System.nanoTime();
                byte[] payload = java.util.Arrays.copyOf(packet.getData(), packet.getLength());
                InetSocketAddress from = (InetSocketAddress) packet.getSocketAddress();
                received.add(new Datagram(payload, now, from));
                if (echo) {
                    socket.send(new DatagramPacket(payload, payload.length, from));
                }
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    @Override
    public void close() {
        socket.close();
        try {
            reader.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
