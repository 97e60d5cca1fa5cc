package socketlab.udp;

import static socketlab.Todo.todo;

import java.io.Closeable;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import socketlab.Args;

/**
 * A statistics server over UDP: a client sends a set of numbers in one datagram ("6 5 9 7 4.2") and the
 * server answers with their total, lowest, highest and mean in one datagram ("31.2 4.2 9.0 6.24"), or
 * with "ERROR &lt;reason&gt;" when the request is not a set of numbers.
 *
 * <pre>
 *   java -cp lab-udp/target/classes socketlab.udp.UDPStatsServer [port]      (port 15000 if none is given)
 * </pre>
 */
public class UDPStatsServer implements Closeable {

    /** The port the stats tutorial uses. */
    public static final int DEFAULT_PORT = 15000;

    /** The longest request the server accepts, in bytes. */
    public static final int MAX_REQUEST = 2048;

    /**
     * How a number is written in a request: decimal digits, with an optional sign, decimal point and
     * exponent (6, -2.5, .5, 7., 1e3, 4.2E-1). Double.parseDouble alone would also take Java's own
     * syntax ("1d", "2f", "0x1p3", "Infinity"), which no other language's client sends.
     */
    static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private final DatagramSocket serverSocket;

    /** Opens the server's socket on {@code port}; port 0 lets the system choose a free one. */
    public UDPStatsServer(int port) throws IOException {
        // TODO 1: create a UDP socket bound to the port on 127.0.0.1, as UDPServer does.
        serverSocket = todo(1);
    }

    /** The port the server listens on: the one the system chose if it was opened on port 0. */
    public int port() {
        return serverSocket.getLocalPort();
    }

    /** Answers requests, one datagram after another, until {@link #close()} is called. */
    public void serve() throws IOException {
        // One byte more than the longest request: UDP silently cuts a datagram to the buffer's size,
        // so a datagram that fills the whole buffer was too long.
        byte[] buffer = new byte[MAX_REQUEST + 1];
        while (true) {
            DatagramPacket request = new DatagramPacket(buffer, buffer.length);
            // TODO 2: wait for the next request (recvfrom). The packet also records who sent it.
            todo(2);
            String reply;
            if (request.getLength() > MAX_REQUEST) {
                reply = "ERROR request longer than " + MAX_REQUEST + " bytes";
            } else {
                reply = answer(new String(request.getData(), 0, request.getLength(), StandardCharsets.UTF_8));
            }

            // TODO 3: send the reply to the address and port the request came from.
            // The tutorial's server sends every answer to port 8000: then only a client bound to
            // port 8000 ever hears back, and two clients on one machine cannot both work.
            todo(3);
        }
    }

    /**
     * The reply to one request: "total lowest highest mean", or "ERROR &lt;reason&gt;" if the request is
     * not one or more numbers separated by spaces. Bad input is an answer, never an exception: the
     * server must keep serving.
     */
    public static String answer(String request) {
        if (request.isBlank()) {
            return "ERROR no numbers: send numbers separated by spaces, e.g. 6 5 9 7 4.2";
        }
        String[] words = request.trim().split("\\s+");
        double[] numbers = new double[words.length];
        for (int i = 0; i < words.length; i++) {
            // TODO 4: turn words[i] into a number. A word that is not written as a decimal number (it does
            // not match NUMBER), or is not a finite one (1e999), makes the whole request an error: return
            // "ERROR not a number: ..." naming the word.
            todo(4);
        }

        // TODO 5: compute the total, the lowest, the highest and the mean, and return them in that
        // order, separated by spaces (Java's Double.toString writes 31.2, 4.2, 9.0, 6.24). Finite numbers
        // can add up to more than a double holds (1e308 1e308): then return "ERROR the total is too large".
        return todo(5);
    }

    /** A word cut to a readable length, for error messages. */
    private static String shorten(String word) {
        return word.length() <= 20 ? word : word.substring(0, 20) + "...";
    }

    /** Closes the socket, which also stops {@link #serve()}. */
    @Override
    public void close() {
        serverSocket.close();
    }

    public static void main(String[] args) {
        Args arguments = Args.of(UDPStatsServer.class, "[port]", args);
        int port = arguments.port(DEFAULT_PORT);
        try (UDPStatsServer server = new UDPStatsServer(port)) {
            System.out.println("The stats server is ready to receive on port " + server.port());
            server.serve();
        } catch (IOException e) {
            arguments.fail(e.getMessage());
        }
    }
}
