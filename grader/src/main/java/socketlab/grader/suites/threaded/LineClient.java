package socketlab.grader.suites.threaded;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A quiet line client for the crowd tests: like {@code TcpProbe} but it records nothing in the trace
 * (twenty or two hundred clients would drown the feedback); the tests write one summary line instead.
 * Public, like the other helpers in this package, so that suites in other packages can use them.
 */
public final class LineClient implements Closeable {

    private static final int CONNECT_MILLIS = 5000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private LineClient(String host, int port) throws IOException {
        socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), CONNECT_MILLIS);
            socket.setTcpNoDelay(true);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    public static LineClient connect(String host, int port) throws IOException {
        return new LineClient(host, port);
    }

    public static LineClient connect(int port) throws IOException {
        return new LineClient("127.0.0.1", port);
    }

    public void sendLine(String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    public void send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    /**
     * The next line (without its newline), or a description in angle brackets of why there is none:
     * {@code <no reply within N ms>}, {@code <connection closed>}, {@code <connection failed: ...>}.
     */
    public String readLine(long deadlineNanos) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            while (true) {
                long left = (deadlineNanos - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    throw new SocketTimeoutException();
                }
                socket.setSoTimeout((int) left);
                int b = in.read();
                if (b == -1) {
                    return "<connection closed" + partial(line) + ">";
                }
                if (b == '\n') {
                    return line.toString(StandardCharsets.UTF_8);
                }
                line.write(b);
            }
        } catch (SocketTimeoutException e) {
            return "<no reply in time" + partial(line) + ">";
        } catch (IOException e) {
            return "<connection failed: " + e.getMessage() + partial(line) + ">";
        }
    }

    /** True if the other side closes the connection (or it breaks) before the deadline. */
    public boolean closedBy(long deadlineNanos) {
        byte[] buffer = new byte[4096];
        try {
            while (true) {
                long left = (deadlineNanos - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return false;
                }
                socket.setSoTimeout((int) left);
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

    public int localPort() {
        return socket.getLocalPort();
    }

    private static String partial(ByteArrayOutputStream line) {
        return line.size() == 0 ? "" : " after \"" + line.toString(StandardCharsets.UTF_8) + "\" with no newline";
    }

    /** Ends the connection abruptly: a reset (RST, SO_LINGER 0) instead of the usual FIN; the other side's read() fails. */
    public void reset() {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // closing still ends the connection
        }
        close();
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
