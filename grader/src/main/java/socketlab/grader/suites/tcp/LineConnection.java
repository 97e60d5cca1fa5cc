package socketlab.grader.suites.tcp;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import socketlab.grader.core.Trace;
import socketlab.grader.harness.Text;

/**
 * The grader's own line-based TCP connection for lab-tcp, like the harness's TcpProbe but able to write one
 * request in many small pieces and to send large amounts without flooding the trace.
 */
final class LineConnection implements Closeable {

    private static final int CONNECT_MILLIS = 5000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private LineConnection(String host, int port, String via) {
        try {
            socket = new Socket();
            socket.connect(new InetSocketAddress(host, port), CONNECT_MILLIS);
            socket.setTcpNoDelay(true); // each write leaves as its own segment: the pieces stay pieces
            in = socket.getInputStream();
            out = socket.getOutputStream();
        } catch (IOException e) {
            Trace.current().wire("× could not connect to " + host + ":" + port + via + ": " + e.getMessage());
            throw new UncheckedIOException("could not connect to " + host + ":" + port + via + ": " + e.getMessage(), e);
        }
        Trace.current().wire("⇄ connected to " + host + ":" + port + via + " from local port " + socket.getLocalPort());
    }

    /** Straight to the program on 127.0.0.1:{@code port}. */
    static LineConnection direct(int port) {
        return new LineConnection("127.0.0.1", port, "");
    }

    /** Through a Toxiproxy path to the program. */
    static LineConnection via(ImpairedPath path) {
        return new LineConnection(path.host(), path.port(), " (Toxiproxy, in front of your program)");
    }

    LineConnection sendLine(String line) {
        return send(line + "\n");
    }

    LineConnection send(String text) {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        write(data, 0, data.length);
        Trace.current().wire("→ sent " + Text.bytes(data));
        return this;
    }

    /** Sends {@code text} as separate writes of {@code pieceSize} bytes (and records it as one line of the trace). */
    LineConnection sendInPieces(String text, int pieceSize) {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        for (int at = 0; at < data.length; at += pieceSize) {
            write(data, at, Math.min(pieceSize, data.length - at));
        }
        Trace.current().wire("→ sent " + Text.bytes(data) + " as " + (data.length + pieceSize - 1) / pieceSize
                + " separate writes of " + pieceSize + (pieceSize == 1 ? " byte" : " bytes"));
        return this;
    }

    /** Sends {@code count} copies of {@code unit} in large writes, recorded as one line of the trace. */
    LineConnection sendRepeated(String unit, int count) {
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

    private void write(byte[] data, int offset, int length) {
        try {
            out.write(data, offset, length);
            out.flush();
        } catch (IOException e) {
            Trace.current().wire("× sending failed: " + e.getMessage() + " (did the program close the connection?)");
            throw new UncheckedIOException("sending to the program failed: " + e.getMessage(), e);
        }
    }

    /** One line (without "\n" or "\r\n") if a whole line arrives within {@code wait}; empty otherwise. */
    Optional<String> readLine(Duration wait) {
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
                    Trace.current().wire("← the program closed the connection" + partial(line));
                    return Optional.empty();
                }
                if (b == '\n') {
                    String text = line.toString(StandardCharsets.UTF_8);
                    String shown = text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
                    Trace.current().wire("← received line " + Text.quote(shown));
                    return Optional.of(shown);
                }
                line.write(b);
            }
        } catch (SocketTimeoutException e) {
            Trace.current().wire("← no complete line within " + wait.toMillis() + " ms" + partial(line));
            return Optional.empty();
        } catch (IOException e) {
            Trace.current().wire("← the connection failed: " + e.getMessage() + partial(line));
            return Optional.empty();
        }
    }

    /** True if nothing at all arrives within {@code wait} (the program is, rightly, still waiting for more). */
    boolean silentFor(Duration wait) {
        try {
            socket.setSoTimeout((int) wait.toMillis());
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
        try {
            socket.close();
        } catch (IOException ignored) {
            // gone either way
        }
    }
}
