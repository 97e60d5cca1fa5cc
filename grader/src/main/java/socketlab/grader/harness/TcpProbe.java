package socketlab.grader.harness;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import socketlab.grader.core.Trace;
import socketlab.grader.wire.Labels;
import socketlab.grader.wire.Lane;
import socketlab.grader.wire.WireEvent;

/** The grader's own TCP connection to a program: sends bytes and lines, records what comes back. */
public final class TcpProbe implements Closeable {

    private static final int CONNECT_MILLIS = 5000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String where;
    /** The lane of the other end: the server, or the proxy in front of it. */
    private final Lane peer;
    private boolean finSent;

    private TcpProbe(String host, int port, String via) {
        this.where = host + ":" + port + via;
        this.peer = via.isEmpty() ? Lane.SERVER : Lane.NETWORK;
        try {
            socket = new Socket();
            socket.connect(new InetSocketAddress(host, port), CONNECT_MILLIS);
            socket.setTcpNoDelay(true);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        } catch (IOException e) {
            Trace.current().wire("× could not connect to " + where + ": " + e.getMessage());
            // Feedback words a refused connection as the program's (Feedback.talkingToTheProgram).
            throw new UncheckedIOException("could not connect to " + where + ": " + e.getMessage(), e);
        }
        Trace trace = Trace.current();
        if (peer == Lane.NETWORK) {
            trace.recorder().network("Toxiproxy", "TCP");
        }
        trace.recorder().transport("TCP");
        trace.wire(segment(WireEvent.Kind.CONNECT, Lane.CLIENT, "connect (SYN)", null)
                .withText("⇄ connected to " + where + " from local port " + socket.getLocalPort() + " (TCP)"));
    }

    /** A segment on this connection, now, from {@code from} to the other end, with its wire addresses. */
    private WireEvent segment(WireEvent.Kind kind, Lane from, String label, byte[] payload) {
        long now = Trace.current().recorder().now();
        String local = "127.0.0.1:" + socket.getLocalPort();
        String remote = socket.getInetAddress().getHostAddress() + ":" + socket.getPort();
        boolean ours = from == Lane.CLIENT;
        return WireEvent.arrow(kind, now, now, from, ours ? peer : Lane.CLIENT, label, payload)
                .between(ours ? local : remote, ours ? remote : local);
    }

    private void received(byte[] data, String line) {
        Trace.current().wire(segment(WireEvent.Kind.SEGMENT, peer, Labels.of(data), data).withText(line));
    }

    private void timedOut(Duration wait, String line) {
        Trace trace = Trace.current();
        long now = trace.recorder().now();
        trace.wire(new WireEvent(WireEvent.Kind.TIMEOUT, Math.max(0, now - wait.toMillis() * 1000), now, Lane.CLIENT,
                Lane.CLIENT, "nothing within " + wait.toMillis() + " ms", 0, null, false, line, null, null, null));
    }

    /** A connection to the program listening on 127.0.0.1:{@code port}. */
    public static TcpProbe connect(int port) {
        return new TcpProbe(InetAddress.getLoopbackAddress().getHostAddress(), port, "");
    }

    /** A connection to {@code host}:{@code port}, e.g. a Toxiproxy listener in front of the program. */
    public static TcpProbe connect(String host, int port) {
        return new TcpProbe(host, port, "");
    }

    /** A connection through Toxiproxy's listener at {@code host}:{@code port}, in front of the program. */
    public static TcpProbe throughProxy(String host, int port) {
        return new TcpProbe(host, port, " (Toxiproxy, in front of your program)");
    }

    public TcpProbe send(String text) {
        return send(text.getBytes(StandardCharsets.UTF_8));
    }

    public TcpProbe sendLine(String line) {
        return send(line + "\n");
    }

    public TcpProbe send(byte[] data) {
        write(data, 0, data.length);
        Trace.current().wire(segment(WireEvent.Kind.SEGMENT, Lane.CLIENT, Labels.of(data), data).withText("→ sent " + Text.bytes(data)));
        return this;
    }

    /** Sends {@code text} as separate writes of {@code pieceSize} bytes (one line of the trace). */
    public TcpProbe sendInPieces(String text, int pieceSize) {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        for (int at = 0; at < data.length; at += pieceSize) {
            write(data, at, Math.min(pieceSize, data.length - at));
            byte[] piece = java.util.Arrays.copyOfRange(data, at, Math.min(data.length, at + pieceSize));
            Trace.current().wire(segment(WireEvent.Kind.SEGMENT, Lane.CLIENT, Labels.of(piece), piece));
        }
        Trace.current().wire("→ sent " + Text.bytes(data) + " as " + (data.length + pieceSize - 1) / pieceSize
                + " separate writes of " + pieceSize + (pieceSize == 1 ? " byte" : " bytes"));
        return this;
    }

    /** Sends {@code count} copies of {@code unit} in large writes (one line of the trace, however much it is). */
    public TcpProbe sendRepeated(String unit, int count) {
        byte[] block = unit.repeat(Math.max(1, 65_536 / unit.length())).getBytes(StandardCharsets.UTF_8);
        int perBlock = block.length / unit.getBytes(StandardCharsets.UTF_8).length;
        int left = count;
        while (left > 0) {
            int n = Math.min(left, perBlock);
            write(block, 0, n * (block.length / perBlock));
            left -= n;
        }
        Trace.current().wire("→ sent " + Text.quote(unit) + " × " + count + " ("
                + (long) count * unit.getBytes(StandardCharsets.UTF_8).length + " bytes, no newline)");
        return this;
    }

    /** Sends one byte, leaving no line in the trace: for a client that trickles its bytes (say so in the trace once). */
    public TcpProbe sendQuietly(byte b) {
        write(new byte[] {b}, 0, 1);
        return this;
    }

    private void write(byte[] data, int offset, int length) {
        try {
            out.write(data, offset, length);
            out.flush();
        } catch (IOException e) {
            Trace.current().wire("× sending failed: " + e.getMessage() + " (did the program close the connection?)");
            throw new UncheckedIOException("sending to the program failed: " + e.getMessage(), e);
        }
    }

    /** Closes our sending direction (a FIN): the program reads end-of-stream after what we sent. */
    public TcpProbe shutdownOutput() {
        try {
            socket.shutdownOutput();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        finSent = true;
        Trace.current().wire(segment(WireEvent.Kind.FIN, Lane.CLIENT, "FIN", null).withText("→ closed our sending side (FIN)"));
        return this;
    }

    /** One line (without its newline) if a whole line arrives within {@code wait}; empty otherwise. */
    public Optional<String> readLine(Duration wait) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    throw new SocketTimeoutException();
                }
                socket.setSoTimeout((int) left);
                int b = in.read();
                if (b == -1) {
                    if (line.size() > 0) {
                        received(line.toByteArray(), null);
                    }
                    Trace.current().wire(segment(WireEvent.Kind.FIN, peer, "FIN", null)
                            .withText("← connection closed by the program" + partial(line)));
                    return Optional.empty();
                }
                if (b == '\n') {
                    String text = line.toString(StandardCharsets.UTF_8);
                    String shown = text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
                    line.write(b);
                    received(line.toByteArray(), "← received line " + Text.quote(shown));
                    return Optional.of(shown);
                }
                line.write(b);
            }
        } catch (SocketTimeoutException e) {
            if (line.size() > 0) {
                received(line.toByteArray(), null);
            }
            timedOut(wait, "← no complete line within " + wait.toMillis() + " ms" + partial(line));
            return Optional.empty();
        } catch (IOException e) {
            Trace.current().wire("← connection failed: " + e.getMessage() + partial(line));
            return Optional.empty();
        }
    }

    /** Everything the program sends until it closes the connection, or until {@code wait} passes. */
    public byte[] readAll(Duration wait) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        long deadline = System.nanoTime() + wait.toNanos();
        byte[] buffer = new byte[8192];
        try {
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    Trace.current().wire("← " + all.size() + " bytes, and the connection was still open after " + wait.toMillis() + " ms");
                    return all.toByteArray();
                }
                socket.setSoTimeout((int) left);
                int n;
                try {
                    n = in.read(buffer);
                } catch (SocketTimeoutException e) {
                    continue;
                }
                if (n == -1) {
                    received(all.toByteArray(), "← received " + all.size() + " bytes, then the program closed the connection");
                    Trace.current().wire(segment(WireEvent.Kind.FIN, peer, "FIN", null));
                    return all.toByteArray();
                }
                all.write(buffer, 0, n);
            }
        } catch (IOException e) {
            Trace.current().wire("← received " + all.size() + " bytes, then the connection failed: " + e.getMessage());
            return all.toByteArray();
        }
    }

    /** True if the program closes the connection (or it breaks) within {@code wait}; data before that is skipped. */
    public boolean closedWithin(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        byte[] buffer = new byte[8192];
        try {
            while (System.nanoTime() < deadline) {
                socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                try {
                    if (in.read(buffer) == -1) {
                        return true;
                    }
                } catch (SocketTimeoutException e) {
                    return false;
                }
            }
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** True if nothing at all arrives within {@code wait} (the program is, rightly, still waiting for more). */
    public boolean silentFor(Duration wait) {
        try {
            socket.setSoTimeout((int) Math.max(1, wait.toMillis()));
            int b = in.read();
            if (b == -1) {
                Trace.current().wire("← the program closed the connection");
                return false;
            }
            Trace.current().wire("← the program sent a byte before the request was complete: " + Text.quote(String.valueOf((char) b)));
            return false;
        } catch (SocketTimeoutException e) {
            Trace.current().wire("  (nothing came back within " + wait.toMillis() + " ms, as expected: the request was not complete)");
            return true;
        } catch (IOException e) {
            Trace.current().wire("← the connection failed: " + e.getMessage());
            return false;
        }
    }

    private static String partial(ByteArrayOutputStream line) {
        return line.size() == 0 ? "" : " (after " + Text.bytes(line.toByteArray()) + " with no newline)";
    }

    @Override
    public void close() {
        if (!finSent && !socket.isClosed()) {
            finSent = true;
            Trace.current().wire(segment(WireEvent.Kind.FIN, Lane.CLIENT, "FIN", null));
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to do: the connection is gone either way
        }
    }
}
