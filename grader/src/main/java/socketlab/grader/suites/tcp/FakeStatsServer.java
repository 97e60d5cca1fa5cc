package socketlab.grader.suites.tcp;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import socketlab.grader.core.Trace;
import socketlab.grader.harness.Text;

/**
 * The grader's stats server for testing a student's resilient client: every connection on its own thread
 * (so an abandoned connection never holds up the next one), every request line answered with the
 * right stats. It can also hang up on every request, or hold its accept queue full so that new
 * connections get no answer to their handshake until {@link #release()}.
 */
final class FakeStatsServer implements Closeable {

    private final ServerSocket serverSocket;
    private final boolean hangUp;
    private final Trace trace;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final List<Socket> fillers = new ArrayList<>();
    private final List<Socket> open = new ArrayList<>();
    private volatile boolean accepting;

    private FakeStatsServer(int backlog, boolean hangUp) {
        try {
            serverSocket = new ServerSocket(0, backlog, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.hangUp = hangUp;
        this.trace = Trace.current();
    }

    /** Answers every request line with the right stats. */
    static FakeStatsServer answering() {
        FakeStatsServer server = new FakeStatsServer(50, false);
        server.startAccepting();
        return server;
    }

    /** Reads each request line and closes the connection without a reply. */
    static FakeStatsServer hangingUp() {
        Trace.current()
                .impairment(
                        "the grader's stats server closes every connection after reading its request, without a reply");
        FakeStatsServer server = new FakeStatsServer(50, true);
        server.startAccepting();
        return server;
    }

    /**
     * A server whose accept queue the grader has filled with its own connections and which does not accept:
     * the operating system then leaves new connection requests unanswered (on Linux: the SYN is dropped),
     * and a client's connect() waits until its connect timeout. {@link #release()} starts accepting.
     *
     * @return the server, and whether the queue really is full (false on systems that refuse instead)
     */
    static FakeStatsServer notAccepting() {
        Trace.current()
                .impairment("the grader's stats server has a full accept queue until your client reports a failure:"
                        + " connection requests get no answer (no Toxiproxy)");
        FakeStatsServer server = new FakeStatsServer(1, false);
        server.fillQueue();
        return server;
    }

    private void fillQueue() {
        for (int i = 0; i < 8; i++) {
            Socket filler = new Socket();
            try {
                filler.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port()), 500);
                fillers.add(filler);
            } catch (SocketTimeoutException full) {
                closeQuietly(filler);
                trace.wire("  (the grader filled the accept queue of its server at port " + port() + " with "
                        + fillers.size()
                        + " connections it does not accept: new connection requests now get no answer)");
                return;
            } catch (IOException refused) {
                closeQuietly(filler);
                trace.wire("  (this system refuses connections to a full accept queue instead of leaving them "
                        + "unanswered)");
                return;
            }
        }
    }

    /** Starts accepting (and answering) connections. */
    synchronized void release() {
        if (!accepting) {
            trace.wire("  (the grader's server at port " + port() + " now accepts connections again)");
            startAccepting();
        }
    }

    private void startAccepting() {
        accepting = true;
        Thread acceptor = new Thread(this::acceptLoop, "fake-stats-server-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return serverSocket.getLocalPort();
    }

    /** Connections accepted from clients (the grader's own queue fillers are not counted). */
    int connections() {
        return connections.get();
    }

    /** Request lines received. */
    int requests() {
        return requests.get();
    }

    private void acceptLoop() {
        while (!serverSocket.isClosed()) {
            Socket connection;
            try {
                connection = serverSocket.accept();
            } catch (IOException e) {
                return;
            }
            synchronized (this) {
                open.add(connection);
            }
            boolean filler = fillers.stream().anyMatch(f -> f.getLocalPort() == connection.getPort());
            Thread handler = new Thread(() -> serve(connection, filler), "fake-stats-server-connection");
            handler.setDaemon(true);
            handler.start();
        }
    }

    private void serve(Socket connection, boolean filler) {
        int number = filler ? 0 : connections.incrementAndGet();
        if (!filler) {
            trace.wire("⇄ connection " + number + " from your client (port " + connection.getPort()
                    + ") to the grader's stats server");
        }
        try (connection) {
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(connection.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = connection.getOutputStream();
            String line;
            while ((line = in.readLine()) != null) {
                requests.incrementAndGet();
                trace.wire("→ your client sent " + Text.quote(line) + " on connection " + number);
                if (hangUp) {
                    trace.wire("× the grader's server closed connection " + number + " without replying");
                    return;
                }
                String reply = StatsReplies.fakeServerReply(line);
                out.write((reply + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                trace.wire("← the grader's server replied " + Text.quote(reply) + " on connection " + number);
            }
        } catch (IOException e) {
            if (!serverSocket.isClosed()) {
                trace.wire("× connection " + number + " failed at the grader's server: " + e.getMessage());
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // gone either way
        }
    }

    @Override
    public synchronized void close() {
        try {
            serverSocket.close();
        } catch (IOException ignored) {
            // closed already
        }
        fillers.forEach(FakeStatsServer::closeQuietly);
        open.forEach(FakeStatsServer::closeQuietly);
    }
}
