package socketlab.threaded;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import socketlab.Args;

/**
 * A client for this lab's uppercase servers, given complete (nothing to fill in). Unlike lab-tcp's
 * client it keeps its connection open: it connects first, then sends every line you type and prints
 * each reply, until you end the input (Ctrl-D, or Ctrl-Z then Enter on Windows).
 *
 * <p>That makes it a handy misbehaving client: start one and type nothing. It is connected and
 * silent, exactly the client that stalls a server which serves one connection at a time.
 *
 * <pre>
 *   java -cp lab-threaded/target/classes socketlab.threaded.TCPClient [host [port]]   (127.0.0.1 12000 if none are given)
 * </pre>
 */
public class TCPClient {

    /** How long to wait for the connection, and then for each reply, before giving up. */
    public static final int TIMEOUT_MILLIS = 5000;

    public static void main(String[] args) {
        Args arguments = Args.of(TCPClient.class, "[host [port]]", args);
        String serverName = arguments.text("127.0.0.1");
        int serverPort = arguments.serverPort(ThreadedTCPServer.DEFAULT_PORT);
        try (Socket clientSocket = new Socket()) {
            // The three-way handshake happens here, before we have anything to say.
            clientSocket.connect(new InetSocketAddress(serverName, serverPort), TIMEOUT_MILLIS);
            clientSocket.setSoTimeout(TIMEOUT_MILLIS);
            System.out.println("Connected to " + serverName + ":" + serverPort + " from local port " + clientSocket.getLocalPort()
                    + ". Type lowercase sentences, one per line; end the input to quit.");
            OutputStream toServer = clientSocket.getOutputStream();
            BufferedReader fromServer = new BufferedReader(
                    new InputStreamReader(clientSocket.getInputStream(), StandardCharsets.UTF_8));
            BufferedReader keyboard = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String sentence;
            while ((sentence = keyboard.readLine()) != null) {
                toServer.write((sentence + "\n").getBytes(StandardCharsets.UTF_8));
                toServer.flush();
                String reply = fromServer.readLine();
                if (reply == null) {
                    arguments.fail("the server closed the connection");
                    return;
                }
                System.out.println("From Server: " + reply);
            }
        } catch (IOException e) {
            arguments.fail("cannot talk to " + serverName + ":" + serverPort + ": " + e.getMessage());
        }
    }
}
