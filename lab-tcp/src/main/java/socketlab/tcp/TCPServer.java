package socketlab.tcp;

import static socketlab.Todo.todo;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import socketlab.Args;

/**
 * The textbook's TCPServer (Kurose &amp; Ross, section 2.7.2): a welcoming socket waits for clients to
 * knock; each accepted connection gets its own connection socket, which carries one sentence in and
 * its upper-case version back.
 *
 * <pre>
 *   java -cp lab-tcp/target/classes socketlab.tcp.TCPServer [port]      (port 12000 if none is given)
 * </pre>
 */
public class TCPServer implements Closeable {

    /** The port the textbook uses. */
    public static final int DEFAULT_PORT = 12000;

    /** How many connections may wait to be accepted (the textbook's listen(1) asks for at least one). */
    public static final int BACKLOG = 50;

    private final ServerSocket serverSocket;

    /** Opens the welcoming socket on {@code port}; port 0 lets the system choose a free one. */
    public TCPServer(int port) throws IOException {
        // TODO 1: create the welcoming socket, bound to the port on the loopback address and listening.
        // In Java one constructor does the textbook's socket(), bind() and listen().
        serverSocket = todo(1);
    }

    /** The port the server listens on: the one the system chose if it was opened on port 0. */
    public int port() {
        return serverSocket.getLocalPort();
    }

    /**
     * Accepts clients one after another, for as long as the server runs. {@link #close()} stops it:
     * the waiting accept() then throws a SocketException.
     */
    public void serve() throws IOException {
        while (true) {
            // TODO 2: wait for a client to knock. accept() completes the handshake and returns a
            // new connection socket dedicated to that client; the welcoming socket stays open.
            Socket connectionSocket = todo(2);
            try (connectionSocket) {
                answer(connectionSocket);
            } catch (IOException e) {
                // One client's broken connection must not stop the server for the others.
                System.err.println("TCPServer: connection with " + connectionSocket.getRemoteSocketAddress() + " failed: " + e.getMessage());
            }
        }
    }

    /** Reads one sentence from the connection and sends back its upper-case version. */
    private static void answer(Socket connectionSocket) throws IOException {
        BufferedReader fromClient = new BufferedReader(
                new InputStreamReader(connectionSocket.getInputStream(), StandardCharsets.UTF_8));
        OutputStream toClient = connectionSocket.getOutputStream();

        // TODO 3: read the client's sentence. TCP delivers a stream of bytes, not messages, so the
        // client ends its sentence with a newline and we read up to it.
        String sentence = todo(3);
        if (sentence == null) {
            return; // the client closed the connection without sending a sentence
        }

        // TODO 4: send back the sentence in upper case, ended by a newline so the client knows where it stops.
        todo(4);
    }

    /** Closes the welcoming socket, which also stops {@link #serve()}. */
    @Override
    public void close() throws IOException {
        serverSocket.close();
    }

    public static void main(String[] args) {
        Args arguments = Args.of(TCPServer.class, "[port]", args);
        int port = arguments.port(DEFAULT_PORT);
        try (TCPServer server = new TCPServer(port)) {
            System.out.println("The server is ready to receive on port " + server.port());
            server.serve();
        } catch (IOException e) {
            arguments.fail(e.getMessage());
        }
    }
}
