package socketlab.threaded;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import socketlab.Args;

/**
 * Exercise M3: the textbook's multi-threaded web server (Kurose &amp; Ross, programming assignment
 * "Web Server"). The welcoming socket accepts browsers' connections; each one becomes an
 * {@link HttpRequest} that runs on its own thread, so a slow download or a browser that dawdles over
 * its request holds up nobody else.
 *
 * <p>It serves the files under one folder, the web root, over HTTP/1.0 (GET and HEAD), and nothing outside
 * it, answering every request as lab-tcp's single-threaded web server does (the handout's table).
 *
 * <pre>
 *   java -cp lab-threaded/target/classes socketlab.threaded.WebServer [port [web-root]]   (6789 and lab-threaded/www if not given)
 *   then open http://127.0.0.1:6789/index.html, or: curl -v http://127.0.0.1:6789/index.html
 * </pre>
 */
public class WebServer implements Closeable {

    /** The port the textbook's assignment uses. */
    public static final int DEFAULT_PORT = 6789;
    public static final String DEFAULT_WEB_ROOT = "lab-threaded/www";
    public static final int BACKLOG = 1000;

    private final ServerSocket serverSocket;
    private final Path webRoot;
    private final int timeLimitMillis;

    /** Opens the welcoming socket on {@code port} (0: any free port), serving the files under {@code webRoot}. */
    public WebServer(int port, Path webRoot) throws IOException {
        this(port, webRoot, HttpRequest.TIME_LIMIT_MILLIS);
    }

    /** The same, giving each connection {@code timeLimitMillis} (instead of {@link HttpRequest#TIME_LIMIT_MILLIS}). */
    public WebServer(int port, Path webRoot, int timeLimitMillis) throws IOException {
        this.timeLimitMillis = timeLimitMillis;
        if (!Files.isDirectory(webRoot)) {
            throw new IOException("the web root " + webRoot.toAbsolutePath() + " is not a folder");
        }
        // The web root's real path (absolute, no "..", no symbolic links): every file served must be inside it.
        this.webRoot = webRoot.toRealPath();
        // Step 1: create the welcoming socket, bound to the port on the loopback address and listening.
        serverSocket = new ServerSocket(port, BACKLOG, InetAddress.getLoopbackAddress());
        // Skeleton: serverSocket = todo(1);
    }

    /** The port the server listens on. */
    public int port() {
        return serverSocket.getLocalPort();
    }

    /** Accepts connections until {@link #close()}, each one handled by an HttpRequest on its own thread. */
    public void serve() throws IOException {
        while (true) {
            // Step 2: wait for the next connection.
            Socket connectionSocket = serverSocket.accept();
            // Skeleton: Socket connectionSocket = todo(2);

            // Step 3: make an HttpRequest for this connection (the web root and the time limit too), run it on a
            // new thread, and start that thread. Then back to accept() at once.
            HttpRequest request = new HttpRequest(connectionSocket, webRoot, timeLimitMillis);
            Thread thread = new Thread(request, "http-" + connectionSocket.getPort());
            thread.start();
            // End of step 3.
        }
    }

    /** Closes the welcoming socket, which stops {@link #serve()}; requests in progress finish on their own. */
    @Override
    public void close() throws IOException {
        serverSocket.close();
    }

    public static void main(String[] args) {
        Args arguments = Args.of(WebServer.class, "[port [web-root]]", args);
        int port = arguments.port(DEFAULT_PORT);
        Path webRoot = Path.of(arguments.text(DEFAULT_WEB_ROOT));
        try (WebServer server = new WebServer(port, webRoot)) {
            System.out.println("The web server is ready on http://127.0.0.1:" + server.port() + "/ serving " + server.webRoot);
            server.serve();
        } catch (IOException e) {
            arguments.fail(e.getMessage());
        }
    }
}
