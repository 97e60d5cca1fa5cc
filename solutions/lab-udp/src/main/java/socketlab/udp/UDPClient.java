package socketlab.udp;

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
import socketlab.Args;

/**
 * The textbook's UDPClient (Kurose &amp; Ross, section 2.7.1): reads a sentence, sends it to the server
 * in one datagram and prints the reply.
 *
 * <pre>
 *   java -cp lab-udp/target/classes socketlab.udp.UDPClient [host [port]]   (127.0.0.1 12000 if none are given)
 * </pre>
 */
public class UDPClient implements Closeable {

    /** How long to wait for a reply: UDP may lose it, and then it never comes. */
    public static final int TIMEOUT_MILLIS = 2000;

    private final InetSocketAddress serverAddress;
    private final DatagramSocket clientSocket;

    /** Prepares a client for the server at {@code serverName}:{@code serverPort}. */
    public UDPClient(String serverName, int serverPort) throws IOException {
        serverAddress = new InetSocketAddress(serverName, serverPort);
        if (serverAddress.isUnresolved()) {
            throw new UnknownHostException("unknown host '" + serverName + "'");
        }
        // Step 1: create the client's UDP socket. No bind is needed: the system picks a free port,
        // and the server will learn it from each datagram we send.
        clientSocket = new DatagramSocket();
        // Skeleton: clientSocket = todo(1);

        // Step 2: make receive() give up after TIMEOUT_MILLIS instead of waiting forever for a lost reply.
        clientSocket.setSoTimeout(TIMEOUT_MILLIS);
        // End of step 2.
    }

    /**
     * Sends {@code sentence} to the server and returns its reply.
     *
     * @throws SocketTimeoutException when no reply arrives within {@link #TIMEOUT_MILLIS}
     */
    public String uppercase(String sentence) throws IOException {
        // Step 3: put the sentence in a datagram addressed to the server and send it (the textbook's sendto).
        byte[] message = sentence.getBytes(StandardCharsets.UTF_8);
        clientSocket.send(new DatagramPacket(message, message.length, serverAddress));
        // End of step 3.

        // Step 4: wait for the reply (recvfrom) and turn its bytes back into a string. A buffer as large as
        // a datagram can be (65,535 bytes), so that no reply is ever cut short without a word.
        byte[] buffer = new byte[65_535];
        DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
        clientSocket.receive(reply);
        return new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8);
        // Skeleton: return todo(4);
    }

    @Override
    public void close() {
        clientSocket.close();
    }

    public static void main(String[] args) throws IOException {
        Args arguments = Args.of(UDPClient.class, "[host [port]]", args);
        String serverName = arguments.text("127.0.0.1");
        int serverPort = arguments.serverPort(UDPServer.DEFAULT_PORT);
        BufferedReader keyboard = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.out.print("Input lowercase sentence: ");
        System.out.flush();
        String sentence = keyboard.readLine();
        if (sentence == null) {
            arguments.fail("no sentence to send (standard input was empty)");
            return;
        }
        try (UDPClient client = new UDPClient(serverName, serverPort)) {
            System.out.println("From Server: " + client.uppercase(sentence));
        } catch (SocketTimeoutException e) {
            arguments.fail("no reply from " + serverName + ":" + serverPort + " within " + TIMEOUT_MILLIS
                    + " ms (the datagram or its reply was lost, or no server is running)");
        } catch (IOException e) {
            arguments.fail(e.getMessage());
        }
    }
}
