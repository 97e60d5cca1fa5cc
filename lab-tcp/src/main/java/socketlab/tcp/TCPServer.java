package socketlab.tcp;

import static socketlab.Todo.todo;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import socketlab.Args;

/**
 * The textbook's TCPServer (Kurose &amp; Ross, section 2.7.2): a welcoming socket waits for clients to
 * knock; each accepted connection gets its own connection socket, which carries one sentence in and
 * its upper-case version back.
 *
 * <p>It serves one client at a time, so it gives each one a limit: {@link #MAX_LINE_BYTES} for its
 * sentence and {@link #TIMEOUT_MILLIS} to send it. Without them, one client that never sends a newline
 * fills the server's memory, and one that says nothing keeps every other client waiting forever.
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

    /** The longest sentence the server reads, in bytes; a longer one is refused as soon as it is longer. */
    public static final int MAX_LINE_BYTES = 16 * 1024;

    /**
     * How long a client has to send its sentence, from the moment it is accepted: long enough to type one
     * by hand. While it waits, every other client waits too.
     */
    public static final int TIMEOUT_MILLIS = 30_000;

    private final ServerSocket serverSocket;
    private final int timeoutMillis;

    /** Opens the welcoming socket on {@code port}; port 0 lets the system choose a free one. */
    public TCPServer(int port) throws IOException {
        this(port, TIMEOUT_MILLIS);
    }

    /** The same, giving each client {@code timeoutMillis} to send its sentence (instead of {@link #TIMEOUT_MILLIS}). */
    public TCPServer(int port, int timeoutMillis) throws IOException {
        this.timeoutMillis = timeoutMillis;
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

    /**
     * The client's sentence: the bytes up to its newline (a "\r" before it is dropped), as UTF-8 text;
     * null if the client closed the connection before its newline.
     *
     * @throws IOException if the sentence is longer than {@link #MAX_LINE_BYTES}, or has not come
     *                     within the client's time (a SocketTimeoutException)
     */
    private String readSentence(Socket connectionSocket) throws IOException {
        // TCP delivers a stream of bytes, not messages: the client ends its sentence with a newline, and
        // we read byte after byte up to it (the buffer in between saves a system call per byte).
        InputStream fromClient = new BufferedInputStream(connectionSocket.getInputStream());
        ByteArrayOutputStream sentence = new ByteArrayOutputStream();
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (true) {
            // TODO 3: wait no longer than what is left of this client's time. Before each read, set the
            // socket's read timeout (setSoTimeout) to the milliseconds left until the deadline; when none
            // are left, throw a SocketTimeoutException. (A timeout of TIMEOUT_MILLIS for each read would
            // not do: a client sending one byte every few seconds would never trip it.)
            todo(3);
            int b = fromClient.read();
            if (b == -1) {
                return null;
            }
            if (b == '\n') {
                break;
            }
            // TODO 4: refuse a sentence longer than MAX_LINE_BYTES: throw an IOException as soon as this byte
            // would make it longer. Reading on to the newline would keep every byte in memory, and a client
            // that never sends one could fill it.
            todo(4);
            sentence.write(b);
        }
        String text = sentence.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    /** Reads one sentence from the connection and sends back its upper-case version. */
    private void answer(Socket connectionSocket) throws IOException {
        OutputStream toClient = connectionSocket.getOutputStream();
        String sentence = readSentence(connectionSocket);
        if (sentence == null) {
            return; // the client closed the connection without sending a sentence
        }

        // TODO 5: send back the sentence in upper case, ended by a newline so the client knows where it stops.
        todo(5);
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
