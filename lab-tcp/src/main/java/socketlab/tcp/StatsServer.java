package socketlab.tcp;

import static socketlab.Todo.todo;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import socketlab.TimeLimit;
import socketlab.Args;

/**
 * The stats service of lab-udp's U2, over TCP: for each line of numbers a client sends ("6 5 9 7 4.2"),
 * it answers one line with their total, lowest, highest and mean ("31.2 4.2 9.0 6.24"). A connection
 * may carry many requests, one line each; bad input gets an "ERROR ..." line and the connection goes on.
 *
 * <p>Unlike the tutorial's server, which hoped that one recv() holds one whole message, this one frames
 * its messages: every request and every reply ends with a newline, and {@link LineReader} reads until
 * the newline has arrived, however TCP cut the bytes up on the way.
 *
 * <pre>
 *   java -cp lab-tcp/target/classes socketlab.tcp.StatsServer [port]      (port 16000 if none is given)
 * </pre>
 */
public class StatsServer implements Closeable {

    /** The port the tutorial uses for its TCP stats server. */
    public static final int DEFAULT_PORT = 16000;

    /** The longest request line the server accepts, in bytes (without the newline). */
    public static final int MAX_LINE_BYTES = 1024;

    /**
     * How a number is written in a request: decimal digits, with an optional sign, decimal point and
     * exponent (6, -2.5, .5, 7., 1e3, 4.2E-1). Double.parseDouble alone would also take Java's own
     * syntax ("1d", "2f", "0x1p3", "Infinity"), which no other language's client sends.
     */
    static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    /**
     * How long one request may take: to arrive, and for its reply to be taken. The server serves one
     * connection at a time, so a client slower than this (silent, sending a byte now and then, or not
     * reading its replies) is disconnected, and the next client's turn comes.
     */
    public static final int TIME_LIMIT_MILLIS = 30_000;

    private final ServerSocket serverSocket;
    private final int timeLimitMillis;

    /** Opens the welcoming socket on {@code port} (on the loopback address); port 0 lets the system choose. */
    public StatsServer(int port) throws IOException {
        this(port, TIME_LIMIT_MILLIS);
    }

    /** The same, giving each request {@code timeLimitMillis} (instead of {@link #TIME_LIMIT_MILLIS}). */
    public StatsServer(int port, int timeLimitMillis) throws IOException {
        this.timeLimitMillis = timeLimitMillis;
        // TODO 1: create the welcoming socket, bound to the port on the loopback address and listening.
        serverSocket = todo(1);
    }

    /** The port the server listens on: the one the system chose if it was opened on port 0. */
    public int port() {
        return serverSocket.getLocalPort();
    }

    /**
     * Serves clients one after another until {@link #close()}: each for as long as it keeps its connection
     * and sends each request within the time limit.
     */
    public void serve() throws IOException {
        while (true) {
            // TODO 2: wait for the next client; accept() returns the connection socket for it.
            Socket connectionSocket = todo(2);
            try (connectionSocket) {
                serveConnection(connectionSocket);
            } catch (IOException e) {
                // One client's broken connection must not stop the server for the others.
                System.err.println("StatsServer: connection with " + connectionSocket.getRemoteSocketAddress()
                        + " failed: " + e.getMessage());
            }
        }
    }

    /** Answers every request line on one connection, until the client closes it (or is too slow). */
    private void serveConnection(Socket connectionSocket) throws IOException {
        LineReader fromClient = new LineReader(connectionSocket.getInputStream(), MAX_LINE_BYTES);
        OutputStream toClient = connectionSocket.getOutputStream();
        while (true) {
            // This request's time: when it runs out, the connection is closed, and the read or write
            // waiting on it ends with a SocketException (see TimeLimit for why a read timeout is not enough).
            try (TimeLimit limit = TimeLimit.of(connectionSocket, timeLimitMillis)) {
                String reply;
                // TODO 3: read the next request line with fromClient. When the client has closed the
                // connection (readLine() returns null), return. A line over the limit is not an end:
                // catch LineReader.LineTooLongException, reply with an ERROR line at once, then skip the
                // rest of the line (and return if the connection ends while skipping).
                reply = todo(3);
                send(toClient, reply);
            }
        }
    }

    /** The reply to one request line: "total lowest highest mean", or "ERROR" and what is wrong. */
    static String answer(String request) {
        if (request.isBlank()) {
            return "ERROR no numbers: send numbers separated by spaces, e.g. 6 5 9 7 4.2";
        }
        String[] words = request.trim().split("\\s+");
        double total = 0;
        double lowest = Double.POSITIVE_INFINITY;
        double highest = Double.NEGATIVE_INFINITY;
        for (String word : words) {
            double number;
            // TODO 4: turn the word into a number (Double.parseDouble). If it is not written as a decimal
            // number (it does not match NUMBER), return "ERROR not a number: '...'" naming the word; if it
            // is too large to be finite (1e999), "ERROR not a finite number: '...'".
            number = todo(4);
            total += number;
            lowest = Math.min(lowest, number);
            highest = Math.max(highest, number);
        }
        if (!Double.isFinite(total)) { // finite numbers can add up to more than a double holds: 1e308 1e308
            return "ERROR the total is too large to be a finite number";
        }
        return total + " " + lowest + " " + highest + " " + total / words.length;
    }

    /** A word cut to a readable length, for error messages. */
    private static String shorten(String word) {
        return word.length() <= 20 ? word : word.substring(0, 20) + "...";
    }

    /** Sends one line: the text and the newline that frames it. */
    private static void send(OutputStream toClient, String line) throws IOException {
        // TODO 5: send the line followed by "\n", as UTF-8 bytes, and flush.
        todo(5);
    }

    /** Closes the welcoming socket, which also stops {@link #serve()}. */
    @Override
    public void close() throws IOException {
        serverSocket.close();
    }

    public static void main(String[] args) {
        Args arguments = Args.of(StatsServer.class, "[port]", args);
        int port = arguments.port(DEFAULT_PORT);
        try (StatsServer server = new StatsServer(port)) {
            System.out.println("The stats server is ready to receive on port " + server.port());
            server.serve();
        } catch (IOException e) {
            arguments.fail(e.getMessage());
        }
    }
}
