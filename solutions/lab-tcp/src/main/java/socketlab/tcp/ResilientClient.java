package socketlab.tcp;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import socketlab.Args;

/**
 * A stats client that survives a bad network. It keeps one connection to the stats server and, when
 * something goes wrong, says so in one line, waits, reconnects and asks again:
 * <ul>
 *   <li>a <b>connect timeout</b>: a server that does not answer the handshake costs at most
 *       {@link #CONNECT_TIMEOUT_MILLIS}, not the minutes the operating system would wait;</li>
 *   <li>a <b>read timeout</b>: a reply that never comes costs at most {@link #READ_TIMEOUT_MILLIS};</li>
 *   <li><b>reconnection with bounded exponential backoff</b>: after the n-th failed attempt it waits
 *       {@link #backoffMillis(int)} (100, 200, 400, 800 ms... never more than {@link #MAX_BACKOFF_MILLIS}),
 *       so a server that is coming back is not hammered, and gives up after {@link #MAX_ATTEMPTS} attempts.</li>
 * </ul>
 * Asking again is safe here because a stats request is idempotent: asking twice gives the same answer.
 *
 * <pre>
 *   java -cp lab-tcp/target/classes socketlab.tcp.ResilientClient [host [port]]   (127.0.0.1 16000 if none are given)
 * </pre>
 */
public class ResilientClient implements Closeable {

    public static final int CONNECT_TIMEOUT_MILLIS = 1000;
    public static final int READ_TIMEOUT_MILLIS = 2000;
    public static final int FIRST_BACKOFF_MILLIS = 100;
    public static final int MAX_BACKOFF_MILLIS = 1600;
    public static final int MAX_ATTEMPTS = 6;

    private final String serverName;
    private final int serverPort;
    private final Consumer<String> report;
    private Socket clientSocket;
    private LineReader fromServer;
    private OutputStream toServer;

    /**
     * A client for the stats server at {@code serverName}:{@code serverPort}; it connects on the first
     * request. Each failure is told to {@code report} as one line (the program passes System.err::println).
     */
    public ResilientClient(String serverName, int serverPort, Consumer<String> report) {
        this.serverName = serverName;
        this.serverPort = serverPort;
        this.report = report;
    }

    /** How long to wait after the {@code attempt}-th failed attempt (1, 2, 3...): doubling, but capped. */
    public static long backoffMillis(int attempt) {
        // Step 1: FIRST_BACKOFF_MILLIS after attempt 1, twice that after attempt 2, four times after 3...
        // but never more than MAX_BACKOFF_MILLIS. (Careful: 1L << 70 is not a big number.)
        int doublings = Math.min(attempt - 1, 20);
        return Math.min(MAX_BACKOFF_MILLIS, (long) FIRST_BACKOFF_MILLIS << doublings);
        // Skeleton: return todo(1);
    }

    /**
     * Sends one request line and returns the server's reply line (e.g. "31.2 4.2 9.0 6.24"),
     * reconnecting as often as it takes, up to {@link #MAX_ATTEMPTS} attempts.
     *
     * @throws IOException when every attempt failed; its message says why the last one did
     */
    public String request(String numbers) throws IOException {
        String lastFailure = "";
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            try {
                if (clientSocket == null) {
                    connect();
                }
                return exchange(numbers);
            } catch (IOException e) {
                // Whatever broke, this connection is done for: the next attempt starts a new one.
                disconnect();
                lastFailure = describe(e);
                if (attempt == MAX_ATTEMPTS) {
                    break;
                }
                long wait = backoffMillis(attempt);
                // Step 2: report this failure in ONE line (the attempt, what went wrong, the wait), then
                // wait "wait" ms before the next attempt (Thread.sleep). If the sleep is interrupted, stop:
                // throw an InterruptedIOException.
                report.accept("ResilientClient: attempt " + attempt + " of " + MAX_ATTEMPTS + " failed: "
                        + lastFailure + "; trying again in " + wait + " ms");
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting to reconnect");
                }
                // End of step 2.
            }
        }
        throw new IOException("no reply from " + serverName + ":" + serverPort + " after " + MAX_ATTEMPTS
                + " attempts (last: " + lastFailure + ")");
    }

    /** Opens a new connection, with a connect timeout, and sets its read timeout. */
    private void connect() throws IOException {
        Socket socket = new Socket();
        try {
            // Step 3: connect "socket" to the server, waiting at most CONNECT_TIMEOUT_MILLIS for the
            // handshake; then make every read on it give up after READ_TIMEOUT_MILLIS (setSoTimeout).
            socket.connect(new InetSocketAddress(serverName, serverPort), CONNECT_TIMEOUT_MILLIS);
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            // End of step 3.
            fromServer = new LineReader(socket.getInputStream(), StatsClient.MAX_LINE_BYTES);
            toServer = socket.getOutputStream();
        } catch (IOException e) {
            socket.close();
            throw new ConnectFailure(e);
        }
        clientSocket = socket;
    }

    /** One request line out, one reply line back, on the current connection. */
    private String exchange(String numbers) throws IOException {
        // Step 4: send the numbers as one line ("\n" at the end) and read the reply line with
        // fromServer. If the server closed the connection instead of replying (null), throw an
        // IOException that says so.
        toServer.write((numbers + "\n").getBytes(StandardCharsets.UTF_8));
        toServer.flush();
        String reply = fromServer.readLine();
        if (reply == null) {
            throw new IOException("the server closed the connection without replying");
        }
        return reply;
        // Skeleton: return todo(4);
    }

    /** What went wrong, in words, for the one-line report. */
    private String describe(IOException e) {
        String where = serverName + ":" + serverPort;
        if (e instanceof ConnectFailure) {
            Throwable cause = e.getCause();
            if (cause instanceof SocketTimeoutException) {
                return "no answer to the connection request from " + where + " within " + CONNECT_TIMEOUT_MILLIS + " ms";
            }
            if (cause instanceof ConnectException) {
                return "connection to " + where + " refused (is the server running?)";
            }
            return "cannot connect to " + where + ": " + cause.getMessage();
        }
        if (e instanceof SocketTimeoutException) {
            return "no reply from " + where + " within " + READ_TIMEOUT_MILLIS + " ms";
        }
        return "connection to " + where + " lost: " + e.getMessage();
    }

    private void disconnect() {
        if (clientSocket != null) {
            try {
                clientSocket.close();
            } catch (IOException ignored) {
                // it is broken already: nothing more to do
            }
        }
        clientSocket = null;
    }

    /** Closes the connection, if there is one. */
    @Override
    public void close() {
        disconnect();
    }

    /** A failure to set up the connection, told apart from a failure on a connection that worked. */
    private static class ConnectFailure extends IOException {
        ConnectFailure(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    public static void main(String[] args) throws IOException {
        Args arguments = Args.of(ResilientClient.class, "[host [port]]", args);
        String serverName = arguments.text("127.0.0.1");
        int serverPort = arguments.serverPort(StatsServer.DEFAULT_PORT);
        BufferedReader keyboard = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (ResilientClient client = new ResilientClient(serverName, serverPort, System.err::println)) {
            while (true) {
                System.out.print("Input numbers with spaces in between: ");
                System.out.flush();
                String numbers = keyboard.readLine();
                if (numbers == null) {
                    System.out.println();
                    return;
                }
                System.out.println(StatsClient.explain(client.request(numbers)));
            }
        } catch (IOException e) {
            arguments.fail(e.getMessage());
        }
    }
}
