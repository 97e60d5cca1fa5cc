package socketlab.grader.harness;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import socketlab.grader.core.Trace;
import socketlab.grader.wire.Labels;
import socketlab.grader.wire.Lane;
import socketlab.grader.wire.WireEvent;

/** The grader's own UDP socket on 127.0.0.1: sends datagrams to a program and records what comes back. */
public final class UdpProbe implements Closeable {

    private final DatagramSocket socket;
    private final InetSocketAddress target;

    private UdpProbe(InetSocketAddress target) {
        try {
            this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.target = target;
    }

    /** A probe that talks to the program listening on 127.0.0.1:{@code port}. */
    public static UdpProbe to(int port) {
        return new UdpProbe(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }

    public int localPort() {
        return socket.getLocalPort();
    }

    public UdpProbe send(String text) {
        return send(text.getBytes(StandardCharsets.UTF_8));
    }

    public UdpProbe send(byte[] payload) {
        try {
            socket.send(new DatagramPacket(payload, payload.length, target));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String line = "→ sent " + Text.bytes(payload) + " from 127.0.0.1:" + localPort() + " to " + where() + " (UDP)";
        Trace trace = Trace.current();
        trace.recorder().transport("UDP");
        if (trace.recorder().observed(target.getPort())) {
            trace.wire(line); // the relay draws it, with what it did to it
        } else {
            long now = trace.recorder().now();
            trace.wire(WireEvent.arrow(
                            WireEvent.Kind.DATAGRAM, now, now, Lane.CLIENT, Lane.SERVER, Labels.of(payload), payload)
                    .withText(line)
                    .between("127.0.0.1:" + localPort(), where()));
        }
        return this;
    }

    /** The next datagram to arrive within {@code wait}, as UTF-8 text; empty if none came. */
    public Optional<String> receive(Duration wait) {
        return receiveBytes(wait).map(bytes -> new String(bytes, StandardCharsets.UTF_8));
    }

    public Optional<byte[]> receiveBytes(Duration wait) {
        byte[] buffer = new byte[65_535];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
            socket.setSoTimeout((int) Math.max(1, wait.toMillis()));
            socket.receive(packet);
        } catch (SocketTimeoutException e) {
            Trace trace = Trace.current();
            trace.wire(WireEvent.timeout(
                    trace.recorder().now(),
                    wait,
                    "← received nothing within " + wait.toMillis() + " ms (at 127.0.0.1:" + localPort() + ")"));
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String line = "← received " + Text.bytes(packet.getData(), packet.getLength()) + " from "
                + packet.getAddress().getHostAddress() + ":" + packet.getPort();
        byte[] data = new byte[packet.getLength()];
        System.arraycopy(packet.getData(), 0, data, 0, data.length);
        Trace trace = Trace.current();
        if (trace.recorder().observed(packet.getPort())) {
            trace.wire(line);
        } else {
            long now = trace.recorder().now();
            trace.wire(WireEvent.arrow(
                            WireEvent.Kind.DATAGRAM, now, now, Lane.SERVER, Lane.CLIENT, Labels.of(data), data)
                    .withText(line)
                    .between(
                            packet.getAddress().getHostAddress() + ":" + packet.getPort(), "127.0.0.1:" + localPort()));
        }
        return Optional.of(data);
    }

    private String where() {
        return target.getAddress().getHostAddress() + ":" + target.getPort();
    }

    @Override
    public void close() {
        socket.close();
    }
}
