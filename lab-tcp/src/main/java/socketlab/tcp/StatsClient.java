package socketlab.tcp;

import static socketlab.Todo.todo;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import socketlab.Args;

/**
 * A client for the stats service: one connection, as many requests as you like, one line each way.
 *
 * <p>The tutorial's client sent two messages and expected one recv() to hold the whole answer. Here each
 * request is one line, and the client reads the reply up to its newline, however many reads it takes.
 *
 * <pre>
 *   java -cp lab-tcp/target/classes socketlab.tcp.StatsClient [host [port]]   (127.0.0.1 16000 if none are given)
 * </pre>
 */
public class StatsClient implements Closeable {

    /** How long to wait for the connection, and then for each reply, before giving up. */
    public static final int TIMEOUT_MILLIS = 5000;

    /** The longest reply line the client accepts, in bytes. */
    public static final int MAX_LINE_BYTES = 1024;

    private final Socket clientSocket;
    private final LineReader fromServer;
    private final OutputStream toServer;

    /** Connects to the stats server at {@code serverName}:{@code serverPort}. */
    public StatsClient(String serverName, int serverPort) throws IOException {
        // TODO 1: create the socket and connect it to the server, waiting at most TIMEOUT_MILLIS.
        clientSocket = todo(1);
        clientSocket.setSoTimeout(TIMEOUT_MILLIS);
        fromServer = new LineReader(clientSocket.getInputStream(), MAX_LINE_BYTES);
        toServer = clientSocket.getOutputStream();
    }

    /**
     * Sends one request (numbers separated by spaces, e.g. "6 5 9 7 4.2") and returns the server's reply
     * line without its newline, e.g. "31.2 4.2 9.0 6.24" or "ERROR not a number: 'x'".
     */
    public String request(String numbers) throws IOException {
        if (numbers.contains("\n") || numbers.contains("\r")) {
            throw new IllegalArgumentException("a request is one line: it cannot contain a line break");
        }
        // TODO 2: send the request as one line: the numbers, then "\n" (UTF-8), and flush.
        todo(2);

        // TODO 3: read the whole reply line with fromServer (it may arrive in many pieces). If the
        // server closed the connection instead (null), throw an IOException that says so.
        String reply = todo(3);
        return reply;
    }

    /** Closes the connection: the server sees the end of the stream and moves on to its next client. */
    @Override
    public void close() throws IOException {
        clientSocket.close();
    }

    /** "31.2 4.2 9.0 6.24" as four labelled lines; any other reply ("ERROR ...") as it is. */
    static String explain(String reply) {
        String[] words = reply.split(" ");
        if (words.length != 4 || reply.startsWith("ERROR")) {
            return reply;
        }
        return "The total of all numbers is: " + words[0] + "\n"
                + "The lowest number is: " + words[1] + "\n"
                + "The highest number is: " + words[2] + "\n"
                + "The mean is: " + words[3];
    }

    public static void main(String[] args) throws IOException {
        Args arguments = Args.of(StatsClient.class, "[host [port]]", args);
        String serverName = arguments.text("127.0.0.1");
        int serverPort = arguments.serverPort(StatsServer.DEFAULT_PORT);
        BufferedReader keyboard = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (StatsClient client = new StatsClient(serverName, serverPort)) {
            // One connection for every line typed, until the end of the input (Ctrl-D; Ctrl-Z on Windows).
            while (true) {
                System.out.print("Input numbers with spaces in between: ");
                System.out.flush();
                String numbers = keyboard.readLine();
                if (numbers == null) {
                    System.out.println();
                    return;
                }
                System.out.println(explain(client.request(numbers)));
            }
        } catch (IOException e) {
            arguments.fail("no reply from " + serverName + ":" + serverPort + ": " + e.getMessage());
        }
    }
}
