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
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;
import socketlab.grader.core.Trace;
import socketlab.grader.wire.Labels;
import socketlab.grader.wire.Lane;
import socketlab.grader.wire.WireEvent;

/**
 * The grader's own TCP connection to a program: sends bytes and lines, reads lines or everything until the program
 * closes, every wait bounded. A traced probe ({@link #connect(int)}) records what it sends and receives in the test's
 * trace (the feedback's wire lines, the report's sequence diagram); a quiet one ({@link #quiet(int)}) records nothing,
 * for crowds of clients. A failure to connect or to send is an {@link UncheckedIOException} caused by the socket's
 * own exception.
 */
public final class TcpProbe implements Closeable {

    private static final int CONNECT_MILLIS = 5000;
    private static final String LOOPBACK = InetAddress.getLoopbackAddress().getHostAddress();

    /**
     * The most a line may hold before the grader stops reading it (the suites' longest lines are 16 KB), and the most
     * one read until the end of the connection keeps (the largest file a suite downloads is 8 MB): a program that
     * streams without end cannot fill the grading JVM's memory, even with two hundred clients reading at once.
     */
    static final int LINE_LIMIT_BYTES = 256 * 1024;

    static final int READ_LIMIT_BYTES = 16 * 1024 * 1024;

    /** How a read ended: a whole line, the program's FIN, the deadline, a broken connection, or the limit. */
    enum End {
        LINE,
        CLOSED,
        TIMEOUT,
        FAILED,
        TOO_MUCH
    }

    /** What one read got (a line with its newline), how it ended, and why the connection failed, if it did. */
    record Received(byte[] bytes, End end, String failure) {}

    private final Socket socket = new Socket();
    private final InputStream in;
    private final OutputStream out;
    private final String where;
    /** The lane of the other end: the server, or the proxy in front of it. */
    private final Lane peer;

    private final boolean traced;
    private boolean finSent;

    private TcpProbe(String host, int port, String via, Recording recording) {
        this(host, port, via, recording, 0);
    }

    /** {@code receiveBufferBytes}: the receive buffer to ask for before connecting, or 0 for the system's. */
    private TcpProbe(String host, int port, String via, Recording recording, int receiveBufferBytes) {
        this.where = host + ":" + port + via;
        this.peer = via.isEmpty() ? Lane.SERVER : Lane.NETWORK;
        this.traced = recording == Recording.TRACED;
        try {
            if (receiveBufferBytes > 0) {
                socket.setReceiveBufferSize(receiveBufferBytes); // before connecting: the window it offers stays small
            }
            socket.connect(new InetSocketAddress(host, port), CONNECT_MILLIS);
            socket.setTcpNoDelay(true);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        } catch (IOException e) {
            closeSocket();
            note("× could not connect to " + where + ": " + e.getMessage());
            // Feedback words a refused connection as the program's (Feedback.talkingToTheProgram).
            throw new UncheckedIOException("could not connect to " + where + ": " + e.getMessage(), e);
        }
        if (traced) {
            Trace trace = Trace.current();
            if (peer == Lane.NETWORK) {
                trace.recorder().network("Toxiproxy", "TCP");
            }
            trace.recorder().transport("TCP");
            trace.wire(segment(WireEvent.Kind.CONNECT, Lane.CLIENT, "connect (SYN)", null)
                    .withText("⇄ connected to " + where + " from local port " + socket.getLocalPort() + " (TCP)"));
        }
    }

    /** A traced connection to the program listening on 127.0.0.1:{@code port}. */
    public static TcpProbe connect(int port) {
        return connect(LOOPBACK, port);
    }

    /** A traced connection to {@code host}:{@code port}, e.g. a Toxiproxy listener in front of the program. */
    public static TcpProbe connect(String host, int port) {
        return new TcpProbe(host, port, "", Recording.TRACED);
    }

    /** A traced connection through Toxiproxy's listener at {@code host}:{@code port}, in front of the program. */
    public static TcpProbe throughProxy(String host, int port) {
        return new TcpProbe(host, port, " (Toxiproxy, in front of your program)", Recording.TRACED);
    }

    /** A quiet connection to the program listening on 127.0.0.1:{@code port}: one of a crowd. */
    public static TcpProbe quiet(int port) {
        return quiet(LOOPBACK, port);
    }

    /** A quiet connection to {@code host}:{@code port}: one of a crowd. */
    public static TcpProbe quiet(String host, int port) {
        return new TcpProbe(host, port, "", Recording.QUIET);
    }

    /**
     * A quiet connection to 127.0.0.1:{@code port} that offers a small receive window: once it stops reading, a
     * program writing to it soon blocks (the client that stalls a download).
     */
    public static TcpProbe quietWithSmallWindow(int port, int receiveBufferBytes) {
        return new TcpProbe(LOOPBACK, port, "", Recording.QUIET, receiveBufferBytes);
    }

    public int localPort() {
        return socket.getLocalPort();
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

    /** Records an event if this probe is traced (made only then: a quiet crowd costs nothing). */
    private void record(Supplier<WireEvent> event) {
        if (traced) {
            Trace.current().wire(event.get());
        }
    }

    private void note(String line) {
        if (traced) {
            Trace.current().wire(line);
        }
    }

    private void received(byte[] data, String line) {
        record(() ->
                segment(WireEvent.Kind.SEGMENT, peer, Labels.of(data), data).withText(line));
    }

    private void timedOut(Duration wait, String line) {
        Trace trace = Trace.current();
        trace.wire(WireEvent.timeout(trace.recorder().now(), wait, line));
    }

    public TcpProbe send(String text) {
        return send(text.getBytes(StandardCharsets.UTF_8));
    }

    public TcpProbe sendLine(String line) {
        return send(line + "\n");
    }

    public TcpProbe send(byte[] data) {
        write(data, 0, data.length);
        record(() -> segment(WireEvent.Kind.SEGMENT, Lane.CLIENT, Labels.of(data), data)
                .withText("→ sent " + Text.bytes(data)));
        return this;
    }

    /** Sends {@code text} as separate writes of {@code pieceSize} bytes (one line of the trace). */
    public TcpProbe sendInPieces(String text, int pieceSize) {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        for (int at = 0; at < data.length; at += pieceSize) {
            write(data, at, Math.min(pieceSize, data.length - at));
            byte[] piece = Arrays.copyOfRange(data, at, Math.min(data.length, at + pieceSize));
            record(() -> segment(WireEvent.Kind.SEGMENT, Lane.CLIENT, Labels.of(piece), piece));
        }
        note("→ sent " + Text.bytes(data) + " as " + (data.length + pieceSize - 1) / pieceSize + " separate writes of "
                + pieceSize + (pieceSize == 1 ? " byte" : " bytes"));
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
        note("→ sent " + Text.quote(unit) + " × " + count + " ("
                + (long) count * unit.getBytes(StandardCharsets.UTF_8).length + " bytes, no newline)");
        return this;
    }

    /** Sends one byte, leaving no line in the trace: for a client that trickles its bytes (say so once). */
    public TcpProbe sendQuietly(byte b) {
        write(new byte[] {b}, 0, 1);
        return this;
    }

    private void write(byte[] data, int offset, int length) {
        try {
            out.write(data, offset, length);
            out.flush();
        } catch (IOException e) {
            note("× sending failed: " + e.getMessage() + " (did the program close the connection?)");
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
        record(() -> segment(WireEvent.Kind.FIN, Lane.CLIENT, "FIN", null).withText("→ closed our sending side (FIN)"));
        return this;
    }

    /** One line (without its newline, or a "\r" before it) if a whole line arrives within {@code wait}. */
    public Optional<String> readLine(Duration wait) {
        Received line = nextLine(System.nanoTime() + wait.toNanos());
        if (traced) {
            recordLine(line, wait);
        }
        return line.end() == End.LINE ? Optional.of(withoutLineEnd(line.bytes())) : Optional.empty();
    }

    /**
     * The next line as it came (without its newline; a "\r" before it stays), or why there is none, in angle
     * brackets: {@code <no reply in time>}, {@code <connection closed>}, {@code <connection failed: ...>}, with
     * the start of a line that came, if any. For a crowd's clients, which share one deadline (System.nanoTime).
     */
    public String lineBy(long deadlineNanos) {
        long start = System.nanoTime();
        Received line = nextLine(deadlineNanos);
        if (traced) {
            recordLine(line, Duration.ofNanos(Math.max(0, deadlineNanos - start)));
        }
        byte[] bytes = line.bytes();
        String partial =
                bytes.length == 0 ? "" : " after \"" + new String(bytes, StandardCharsets.UTF_8) + "\" with no newline";
        return switch (line.end()) {
            case LINE -> new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
            case CLOSED -> "<connection closed" + partial + ">";
            case TIMEOUT -> "<no reply in time" + partial + ">";
            case FAILED -> "<connection failed: " + line.failure() + partial + ">";
            case TOO_MUCH ->
                "<more than " + LINE_LIMIT_BYTES / 1024 + " KB with no newline, starting "
                        + Text.quote(new String(bytes, StandardCharsets.UTF_8)) + ": the grader stopped reading>";
        };
    }

    /** Reads up to and including the next newline, until the deadline. */
    private Received nextLine(long deadlineNanos) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            while (true) {
                if (!waitAtMostUntil(deadlineNanos)) {
                    return new Received(line.toByteArray(), End.TIMEOUT, null);
                }
                int b = in.read();
                if (b == -1) {
                    return new Received(line.toByteArray(), End.CLOSED, null);
                }
                line.write(b);
                if (b == '\n') {
                    return new Received(line.toByteArray(), End.LINE, null);
                }
                if (line.size() >= LINE_LIMIT_BYTES) {
                    return new Received(line.toByteArray(), End.TOO_MUCH, null);
                }
            }
        } catch (SocketTimeoutException e) {
            return new Received(line.toByteArray(), End.TIMEOUT, null);
        } catch (IOException e) {
            return new Received(line.toByteArray(), End.FAILED, e.getMessage());
        }
    }

    /** Makes the next read give up at the deadline (System.nanoTime); false if the deadline has passed. */
    private boolean waitAtMostUntil(long deadlineNanos) throws IOException {
        long left = (deadlineNanos - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            return false;
        }
        socket.setSoTimeout((int) Math.min(left, Integer.MAX_VALUE));
        return true;
    }

    private void recordLine(Received line, Duration wait) {
        byte[] bytes = line.bytes();
        if (line.end() != End.LINE && line.end() != End.FAILED && bytes.length > 0) {
            received(bytes, null);
        }
        switch (line.end()) {
            case LINE -> received(bytes, "← received line " + Text.quote(withoutLineEnd(bytes)));
            case CLOSED ->
                record(() -> segment(WireEvent.Kind.FIN, peer, "FIN", null)
                        .withText("← connection closed by the program" + partial(bytes)));
            case TIMEOUT -> timedOut(wait, "← no complete line within " + wait.toMillis() + " ms" + partial(bytes));
            case FAILED -> note("← connection failed: " + line.failure() + partial(bytes));
            case TOO_MUCH ->
                note("← more than " + LINE_LIMIT_BYTES / 1024 + " KB with no newline" + partial(bytes)
                        + "; the grader stopped reading");
        }
    }

    /** A line's text without its "\n", and without a "\r" before it (as telnet ends lines). */
    private static String withoutLineEnd(byte[] line) {
        String text = new String(line, 0, line.length - 1, StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    private static String partial(byte[] line) {
        return line.length == 0 ? "" : " (after " + Text.bytes(line) + " with no newline)";
    }

    /** Everything the program sends until it closes the connection, or until {@code wait} passes. */
    public byte[] readAll(Duration wait) {
        Received all = untilClosed(System.nanoTime() + wait.toNanos());
        byte[] bytes = all.bytes();
        switch (all.end()) {
            case CLOSED -> {
                received(bytes, "← received " + bytes.length + " bytes, then the program closed the connection");
                record(() -> segment(WireEvent.Kind.FIN, peer, "FIN", null));
            }
            case FAILED -> note("← received " + bytes.length + " bytes, then the connection failed: " + all.failure());
            case TOO_MUCH ->
                note("← received " + bytes.length + " bytes with the connection still open; the grader"
                        + " stopped reading there");
            default ->
                note("← " + bytes.length + " bytes, and the connection was still open after " + wait.toMillis()
                        + " ms");
        }
        return bytes;
    }

    /** Everything that comes until the program closes the connection, the deadline passes or the connection fails. */
    Received untilClosed(long deadlineNanos) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[16384];
        try {
            while (true) {
                if (!waitAtMostUntil(deadlineNanos)) {
                    return new Received(all.toByteArray(), End.TIMEOUT, null);
                }
                // Never past the limit: each read asks for what is left of it at most.
                int n = in.read(buffer, 0, Math.min(buffer.length, READ_LIMIT_BYTES - all.size()));
                if (n == -1) {
                    return new Received(all.toByteArray(), End.CLOSED, null);
                }
                all.write(buffer, 0, n);
                if (all.size() >= READ_LIMIT_BYTES) {
                    return new Received(all.toByteArray(), End.TOO_MUCH, null);
                }
            }
        } catch (SocketTimeoutException e) {
            return new Received(all.toByteArray(), End.TIMEOUT, null);
        } catch (IOException e) {
            return new Received(all.toByteArray(), End.FAILED, e.getMessage());
        }
    }

    /** True if the program closes the connection (or it breaks) within {@code wait}; data before that is skipped. */
    public boolean closedWithin(Duration wait) {
        return closedBy(System.nanoTime() + wait.toNanos());
    }

    /** True if the program closes the connection (or it breaks) before the deadline; data before that is skipped. */
    public boolean closedBy(long deadlineNanos) {
        byte[] buffer = new byte[8192];
        try {
            while (true) {
                if (!waitAtMostUntil(deadlineNanos)) {
                    return false;
                }
                if (in.read(buffer) == -1) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
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
                note("← the program closed the connection");
                return false;
            }
            note("← the program sent a byte before the request was complete: " + Text.quote(String.valueOf((char) b)));
            return false;
        } catch (SocketTimeoutException e) {
            note("  (nothing came back within " + wait.toMillis() + " ms, as expected: the request was not complete)");
            return true;
        } catch (IOException e) {
            note("← the connection failed: " + e.getMessage());
            return false;
        }
    }

    /** Ends the connection abruptly: a reset (RST, SO_LINGER 0) instead of a FIN; the program's next read fails. */
    public void reset() {
        if (!socket.isClosed()) {
            try {
                socket.setSoLinger(true, 0);
            } catch (IOException ignored) {
                // closing still ends the connection
            }
            finSent = true;
            record(() ->
                    segment(WireEvent.Kind.RESET, Lane.CLIENT, "RST", null).withText("→ reset the connection (RST)"));
        }
        closeSocket();
    }

    @Override
    public void close() {
        if (!finSent && !socket.isClosed()) {
            finSent = true;
            record(() -> segment(WireEvent.Kind.FIN, Lane.CLIENT, "FIN", null));
        }
        closeSocket();
    }

    private void closeSocket() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to do: the connection is gone either way
        }
    }
}
