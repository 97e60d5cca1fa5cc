package socketlab.threaded;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import socketlab.Args;

/**
 * Exercise M1: the uppercase server with one thread per connection (Kurose &amp; Ross, section 2.7.2,
 * and the multi-threaded server that follows it).
 *
 * <p>The welcoming socket only accepts. Each connection socket it returns is handed to a new thread,
 * which answers every line the client sends, in upper case, until the client closes its side. While
 * one client is slow, or connected and silent, its thread waits for it; the welcoming socket and
 * every other client's thread carry on.
 *
 * <pre>
 *   java -cp lab-threaded/target/classes socketlab.threaded.ThreadedTCPServer [port]   (port 12000 if none is given)
 * </pre>
 */
public class ThreadedTCPServer implements Closeable {

    /** The port the textbook uses. */
    public static final int DEFAULT_PORT = 12000;

    /** How many connections may wait to be accepted: enough for a burst of clients knocking at once. */
    public static final int BACKLOG = 1000;

    /**
     * The longest line the server reads, in bytes: a client that sends a longer one (or never a newline)
     * is disconnected as soon as its line is longer, instead of filling the server's memory.
     */
    public static final int MAX_LINE_BYTES = 16 * 1024;

    private final ServerSocket serverSocket;

    /** Opens the welcoming socket on {@code port}; port 0 lets the system choose a free one. */
    public ThreadedTCPServer(int port) throws IOException {
        // Step 1: create the welcoming socket, bound to the port on the loopback address and listening
        // (one constructor does the textbook's socket(), bind() and listen()).
        serverSocket = new ServerSocket(port, BACKLOG, InetAddress.getLoopbackAddress());
        // Skeleton: serverSocket = todo(1);
    }

    /** The port the server listens on: the one the system chose if it was opened on port 0. */
    public int port() {
        return serverSocket.getLocalPort();
    }

    /**
     * Accepts clients for as long as the server runs, and hands each connection to its own thread.
     * {@link #close()} stops it: the waiting accept() then throws a SocketException.
     */
    public void serve() throws IOException {
        while (true) {
            // Step 2: wait for the next client to knock; accept() returns its own connection socket.
            Socket connectionSocket = serverSocket.accept();
            // Skeleton: Socket connectionSocket = todo(2);

            // Step 3: hand the connection socket to a new thread that runs serveClient(connectionSocket),
            // and start it. Do not wait for it: go straight back to accept() for the next client.
            // (Calling serveClient here, on this thread, is the one-client-at-a-time server.)
            Thread worker = new Thread(() -> serveClient(connectionSocket), "client-" + connectionSocket.getPort());
            worker.start();
            // End of step 3.
        }
    }

    /**
     * One client's conversation, on that client's own thread: every line it sends is answered in
     * upper case, until it closes its side. Problems end this conversation only, never the server.
     */
    static void serveClient(Socket connectionSocket) {
        try (connectionSocket) {
            InputStream fromClient = new BufferedInputStream(connectionSocket.getInputStream());
            OutputStream toClient = connectionSocket.getOutputStream();
            while (true) {
                // Step 4: read the client's next line, at most MAX_LINE_BYTES long (Lines.read). This waits for
                // as long as the client takes, which is fine: only this client's thread waits. null means the
                // client closed its side.
                String sentence = Lines.read(fromClient, MAX_LINE_BYTES);
                // Skeleton: String sentence = todo(4);
                if (sentence == null) {
                    return;
                }

                // Step 5: send back the line in upper case, ended by a newline.
                toClient.write((sentence.toUpperCase(Locale.ROOT) + "\n").getBytes(StandardCharsets.UTF_8));
                toClient.flush();
                // End of step 5.
            }
        } catch (IOException e) {
            System.err.println("ThreadedTCPServer: connection with " + connectionSocket.getRemoteSocketAddress()
                    + " failed: " + e.getMessage());
        }
    }

    /** Closes the welcoming socket, which stops {@link #serve()}; conversations in progress finish on their own. */
    @Override
    public void close() throws IOException {
        serverSocket.close();
    }

    public static void main(String[] args) {
        Args arguments = Args.of(ThreadedTCPServer.class, "[port]", args);
        int port = arguments.port(DEFAULT_PORT);
        try (ThreadedTCPServer server = new ThreadedTCPServer(port)) {
            System.out.println("The server is ready to receive on port " + server.port() + ", one thread per client");
            server.serve();
        } catch (IOException e) {
            arguments.fail(e.getMessage());
        }
    }
}
