package socketlab.udp;

import static socketlab.Todo.todo;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The client of {@link UDPStatsServer}: reads a set of numbers, sends them in one datagram and prints
 * the total, lowest, highest and mean the server sends back. A datagram or its reply may be lost, so
 * the client waits {@link #TIMEOUT_MILLIS} for a reply, sends again, and gives up after
 * {@link #MAX_TRIES} tries.
 *
 * <pre>
 *   java -cp lab-udp/target/classes socketlab.udp.UDPStatsClient [host [port]]   (127.0.0.1 15000 if none are given)
 * </pre>
 */
public class UDPStatsClient implements Closeable {

    /** How long to wait for a reply before sending the request again. */
    public static final int TIMEOUT_MILLIS = 500;

    /** How many times to send a request before giving up. */
    public static final int MAX_TRIES = 5;

    private final InetSocketAddress serverAddress;
    private final DatagramSocket clientSocket;

    /** Prepares a client for the server at {@code serverName}:{@code serverPort}. */
    public UDPStatsClient(String serverName, int serverPort) throws IOException {
        serverAddress = new InetSocketAddress(serverName, serverPort);
        // TODO 1: create the client's UDP socket (the system picks its port: never bind a fixed one,
        // as the tutorial's client does with port 8000) and make receive() give up after TIMEOUT_MILLIS.
        clientSocket = todo(1);
    }

    /**
     * Sends {@code numbers} (e.g. "6 5 9 7 4.2") to the server in one datagram and returns its reply,
     * sending again each time no reply comes within {@link #TIMEOUT_MILLIS}.
     *
     * @throws SocketTimeoutException when {@link #MAX_TRIES} tries brought no reply
     */
    public String request(String numbers) throws IOException {
        byte[] message = numbers.getBytes(StandardCharsets.UTF_8);
        byte[] buffer = new byte[65_535];
        for (int attempt = 1; attempt <= MAX_TRIES; attempt++) {
            // TODO 2: send the whole set of numbers in ONE datagram to the server (the tutorial's client
            // sends the length in a second datagram: nothing ties the two together).
            todo(2);

            // TODO 3: wait for the reply and return it as text. If none comes within TIMEOUT_MILLIS,
            // receive() throws SocketTimeoutException: catch it and go round the loop to send again.
            todo(3);
        }
        throw new SocketTimeoutException("no reply from " + serverAddress.getHostString() + ":" + serverAddress.getPort()
                + " after " + MAX_TRIES + " tries of " + TIMEOUT_MILLIS + " ms each");
    }

    /**
     * The four lines to print for the server's reply "total lowest highest mean".
     *
     * @throws IllegalArgumentException if the server answered "ERROR ..." or something else than four values
     */
    public static List<String> report(String reply) {
        if (reply.startsWith("ERROR")) {
            throw new IllegalArgumentException("the server says: " + reply.substring("ERROR".length()).trim());
        }
        String[] values = reply.trim().split("\\s+");
        if (values.length != 4) {
            throw new IllegalArgumentException("unexpected reply from the server: '" + reply + "'");
        }
        // TODO 4: the four lines of the sample session, with the values as the server wrote them.
        return todo(4);
    }

    @Override
    public void close() {
        clientSocket.close();
    }

    public static void main(String[] args) throws IOException {
        if (args.length > 2) {
            System.err.println("usage: java socketlab.udp.UDPStatsClient [host [port]]");
            System.exit(2);
        }
        String serverName = args.length >= 1 ? args[0] : "127.0.0.1";
        int serverPort;
        try {
            serverPort = args.length == 2 ? Integer.parseInt(args[1]) : UDPStatsServer.DEFAULT_PORT;
        } catch (NumberFormatException e) {
            System.err.println("UDPStatsClient: the port must be a number, not '" + args[1] + "'");
            System.exit(2);
            return;
        }
        BufferedReader keyboard = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.out.print("Input numbers with spaces in between: ");
        System.out.flush();
        String numbers = keyboard.readLine();
        if (numbers == null) {
            System.err.println("UDPStatsClient: no numbers to send (standard input was empty)");
            System.exit(2);
        }
        System.out.println();
        try (UDPStatsClient client = new UDPStatsClient(serverName, serverPort)) {
            for (String line : report(client.request(numbers))) {
                System.out.println(line);
            }
        } catch (SocketTimeoutException e) {
            System.err.println("UDPStatsClient: " + e.getMessage()
                    + " (the datagrams were lost, or no server is running there)");
            System.exit(1);
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("UDPStatsClient: " + e.getMessage());
            System.exit(1);
        }
    }
}
