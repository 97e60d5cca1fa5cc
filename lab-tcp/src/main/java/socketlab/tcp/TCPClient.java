package socketlab.tcp;

import static socketlab.Todo.todo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The textbook's TCPClient (Kurose &amp; Ross, section 2.7.2): connects to the server, sends a sentence,
 * prints the reply and closes the connection.
 *
 * <pre>
 *   java -cp lab-tcp/target/classes socketlab.tcp.TCPClient [host [port]]   (127.0.0.1 12000 if none are given)
 * </pre>
 */
public class TCPClient {

    /** How long to wait for the connection, and then for the reply, before giving up. */
    public static final int TIMEOUT_MILLIS = 5000;

    private final String serverName;
    private final int serverPort;

    /** A client for the server at {@code serverName}:{@code serverPort}; nothing is sent yet. */
    public TCPClient(String serverName, int serverPort) {
        this.serverName = serverName;
        this.serverPort = serverPort;
    }

    /** Connects, sends {@code sentence}, and returns the server's reply (without its newline). */
    public String uppercase(String sentence) throws IOException {
        // TODO 1: create the client's socket and connect it to the server: TCP's three-way handshake
        // happens here, before any data is sent.
        Socket clientSocket = todo(1);
        try (clientSocket) {
            clientSocket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream toServer = clientSocket.getOutputStream();
            BufferedReader fromServer = new BufferedReader(
                    new InputStreamReader(clientSocket.getInputStream(), StandardCharsets.UTF_8));

            // TODO 2: send the sentence and a newline. The connection already knows where the bytes
            // go (no address, unlike UDP's sendto); the newline tells the server where the sentence ends.
            todo(2);

            // TODO 3: read the reply, up to its newline.
            String modifiedSentence = todo(3);
            if (modifiedSentence == null) {
                throw new IOException("the server closed the connection without replying");
            }
            return modifiedSentence;
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length > 2) {
            System.err.println("usage: java socketlab.tcp.TCPClient [host [port]]");
            System.exit(2);
        }
        String serverName = args.length >= 1 ? args[0] : "127.0.0.1";
        int serverPort;
        try {
            serverPort = args.length == 2 ? Integer.parseInt(args[1]) : TCPServer.DEFAULT_PORT;
        } catch (NumberFormatException e) {
            System.err.println("TCPClient: the port must be a number, not '" + args[1] + "'");
            System.exit(2);
            return;
        }
        BufferedReader keyboard = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.out.print("Input lowercase sentence: ");
        System.out.flush();
        String sentence = keyboard.readLine();
        if (sentence == null) {
            System.err.println("TCPClient: no sentence to send (standard input was empty)");
            System.exit(2);
        }
        try {
            System.out.println("From Server: " + new TCPClient(serverName, serverPort).uppercase(sentence));
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("TCPClient: cannot get a reply from " + serverName + ":" + serverPort + ": " + e.getMessage());
            System.exit(1);
        }
    }
}
