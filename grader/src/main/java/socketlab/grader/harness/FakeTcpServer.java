package socketlab.grader.harness;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import socketlab.grader.core.Trace;

/**
 * A scripted line-based TCP server for testing a student's client, after MockWebServer: for each
 * connection it reads lines, records them, and answers each with {@code reply(line)} plus a newline
 * (a null answer closes the connection).
 */
public final class FakeTcpServer implements Closeable {

    private static final int READ_TIMEOUT_MILLIS = 10_000;

    private final ServerSocket serverSocket;
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile UnaryOperator<String> reply = line -> null;
    private volatile String lineEnd = "\n";
    private static final int MAX_LINE = 64 * 1024;
    private final java.io.ByteArrayOutputStream partial = new java.io.ByteArrayOutputStream();
    private volatile Socket current;

    private FakeTcpServer() {
        try {
            serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Trace trace = Trace.current();
        trace.recorder().studentIsClient();
        thread = new Thread(() -> acceptLoop(trace), "fake-tcp-server");
        thread.setDaemon(true);
    }

    public static FakeTcpServer start() {
        FakeTcpServer server = new FakeTcpServer();
        server.thread.start();
        return server;
    }

    public FakeTcpServer replyWith(UnaryOperator<String> reply) {
        this.reply = reply;
        return this;
    }

    /** Ends each reply with {@code end} instead of "\n" (e.g. "\r\n", as telnet and nc -C end lines). */
    public FakeTcpServer lineEnd(String end) {
        this.lineEnd = end;
        return this;
    }

    public int port() {
        return serverSocket.getLocalPort();
    }

    /** The next line a client sent, waiting up to {@code wait}. */
    public Optional<String> takeLine(Duration wait) {
        try {
            return Optional.ofNullable(received.poll(wait.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private void acceptLoop(Trace trace) {
        while (!serverSocket.isClosed()) {
            try (Socket connection = serverSocket.accept()) {
                trace.wire("⇄ your client connected to the grader's server from port " + connection.getPort());
                connection.setSoTimeout(READ_TIMEOUT_MILLIS);
                current = connection;
                java.io.InputStream in = new java.io.BufferedInputStream(connection.getInputStream());
                OutputStream out = connection.getOutputStream();
                String line;
                while ((line = readLine(in)) != null) {
                    trace.wire("→ your client sent line " + Text.quote(line));
                    received.add(line);
                    String answer = reply.apply(line);
                    if (answer == null) {
                        break;
                    }
                    out.write((answer + lineEnd).getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    trace.wire("← the grader's server replied " + Text.quote(answer + lineEnd));
                }
            } catch (IOException e) {
                unended(trace);
                if (serverSocket.isClosed()) {
                    return;
                }
                trace.wire("× connection with your client failed: " + e.getMessage());
            }
            unended(trace);
        }
    }

    /** Says what the client sent after its last newline, if anything: the grader's server was still waiting for one. */
    private void unended(Trace trace) {
        if (partial.size() > 0) {
            String text = partial.toString(StandardCharsets.UTF_8);
            partial.reset();
            trace.wire("→ your client sent " + Text.quote(text) + " (no newline: the server is still waiting for one)");
        }
    }

    /**
     * The next line (without its line end), or null at the end of the stream; a line not yet ended stays in
     * {@link #partial}, so the trace can say what the client sent without its newline.
     */
    private String readLine(java.io.InputStream in) throws IOException {
        partial.reset();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                String line = partial.toString(StandardCharsets.UTF_8);
                partial.reset();
                return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            }
            if (partial.size() < MAX_LINE) {
                partial.write(b);
            }
        }
        return null;
    }

    @Override
    public void close() {
        try {
            serverSocket.close();
        } catch (IOException ignored) {
            // already closed
        }
        Socket connection = current;
        if (connection != null) {
            try {
                connection.close(); // ends a read still waiting for a newline, which the trace then reports
            } catch (IOException ignored) {
                // closed either way
            }
        }
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
