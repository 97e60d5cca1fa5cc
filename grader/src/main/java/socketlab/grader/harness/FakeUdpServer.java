package socketlab.grader.harness;

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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import socketlab.grader.core.Trace;

/**
 * A scripted UDP server for testing a student's client, after MockWebServer: it records every datagram
 * it receives and answers each with {@code reply(text)} (or not at all when that returns null).
 */
public final class FakeUdpServer implements Closeable {

    /** One datagram the fake received. */
    public record Received(String text, SocketAddress from) {}

    private final DatagramSocket socket;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile UnaryOperator<String> reply = text -> null;

    private FakeUdpServer() {
        try {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Trace trace = Trace.current();
        trace.recorder().studentIsClient();
        thread = new Thread(() -> serve(trace), "fake-udp-server");
        thread.setDaemon(true);
    }

    /** A fake server on 127.0.0.1 at a free port, answering nothing until told to. */
    public static FakeUdpServer start() {
        FakeUdpServer server = new FakeUdpServer();
        server.thread.start();
        return server;
    }

    /** Answers each datagram with {@code reply.apply(text)}; a null answer sends nothing. */
    public FakeUdpServer replyWith(UnaryOperator<String> reply) {
        this.reply = reply;
        return this;
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** The next datagram the fake received, waiting up to {@code wait}. */
    public Optional<Received> takeRequest(Duration wait) {
        try {
            return Optional.ofNullable(received.poll(wait.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    public List<Received> drainRequests() {
        List<Received> all = new java.util.ArrayList<>();
        received.drainTo(all);
        return all;
    }

    private void serve(Trace trace) {
        byte[] buffer = new byte[65_535];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
                String text = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
                trace.wire("→ " + trace.recorder().receivedFromClient() + " "
                        + Text.bytes(packet.getData(), packet.getLength()) + " from "
                        + packet.getAddress().getHostAddress() + ":" + packet.getPort()
                        + " to the grader's server (UDP)");
                received.add(new Received(text, packet.getSocketAddress()));
                String answer = reply.apply(text);
                if (answer != null) {
                    byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
                    socket.send(new DatagramPacket(bytes, bytes.length, packet.getSocketAddress()));
                    trace.wire("← the grader's server replied " + Text.bytes(bytes));
                }
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
