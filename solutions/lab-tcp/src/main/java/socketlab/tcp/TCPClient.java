package socketlab.tcp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import socketlab.Args;

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
        // Step 1: create the client's socket and connect it to the server: TCP's three-way handshake
        // happens here, before any data is sent.
        Socket clientSocket = new Socket();
        clientSocket.connect(new InetSocketAddress(serverName, serverPort), TIMEOUT_MILLIS);
        // Skeleton: Socket clientSocket = todo(1);
        try (clientSocket) {
            clientSocket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream toServer = clientSocket.getOutputStream();
            BufferedReader fromServer = new BufferedReader(
                    new InputStreamReader(clientSocket.getInputStream(), StandardCharsets.UTF_8));

            // Step 2: send the sentence and a newline. The connection already knows where the bytes
            // go (no address, unlike UDP's sendto); the newline tells the server where the sentence ends.
            toServer.write((sentence + "\n").getBytes(StandardCharsets.UTF_8));
            toServer.flush();
            // End of step 2.

            // Step 3: read the reply, up to its newline.
            String modifiedSentence = fromServer.readLine();
            // Skeleton: String modifiedSentence = todo(3);
            if (modifiedSentence == null) {
                throw new IOException("the server closed the connection without replying");
            }
            return modifiedSentence;
        }
    }

    public static void main(String[] args) throws IOException {
        Args arguments = Args.of(TCPClient.class, "[host [port]]", args);
        String serverName = arguments.text("127.0.0.1");
        int serverPort = arguments.serverPort(TCPServer.DEFAULT_PORT);
        BufferedReader keyboard = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.out.print("Input lowercase sentence: ");
        System.out.flush();
        String sentence = keyboard.readLine();
        if (sentence == null) {
            arguments.fail("no sentence to send (standard input was empty)");
            return;
        }
        try {
            System.out.println("From Server: " + new TCPClient(serverName, serverPort).uppercase(sentence));
        } catch (IOException e) {
            arguments.fail("cannot get a reply from " + serverName + ":" + serverPort + ": " + e.getMessage());
        }
    }
}
