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
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import socketlab.Args;

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
        if (serverAddress.isUnresolved()) {
            throw new UnknownHostException("unknown host '" + serverName + "'");
        }
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
        Args arguments = Args.of(UDPStatsClient.class, "[host [port]]", args);
        String serverName = arguments.text("127.0.0.1");
        int serverPort = arguments.serverPort(UDPStatsServer.DEFAULT_PORT);
        BufferedReader keyboard = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.out.print("Input numbers with spaces in between: ");
        System.out.flush();
        String numbers = keyboard.readLine();
        if (numbers == null) {
            arguments.fail("no numbers to send (standard input was empty)");
            return;
        }
        System.out.println();
        try (UDPStatsClient client = new UDPStatsClient(serverName, serverPort)) {
            String reply = client.request(numbers);
            try {
                report(reply).forEach(System.out::println);
            } catch (IllegalArgumentException notFourValues) { // "the server says: ..."
                arguments.fail(notFourValues.getMessage());
            }
        } catch (SocketTimeoutException e) {
            arguments.fail(e.getMessage() + " (the datagrams were lost, or no server is running there)");
        } catch (IOException e) {
            arguments.fail(e.getMessage());
        }
    }
}
