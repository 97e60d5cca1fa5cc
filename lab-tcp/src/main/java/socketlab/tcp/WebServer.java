package socketlab.tcp;

import static socketlab.Todo.todo;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import socketlab.Args;

/**
 * The textbook's web server lab: serves the files of one folder over HTTP/1.0, one connection (one
 * request) at a time.
 *
 * <p>A request is a request line ("GET /index.html HTTP/1.0"), header lines ("Host: localhost"), and an
 * empty line: each line ends with "\r\n", and the empty line is the end of the request. The response
 * is a status line ("HTTP/1.0 200 OK"), headers that say what follows and how long it is
 * (Content-Type, Content-Length), an empty line, and the file's bytes. Then the server closes the
 * connection: that is HTTP/1.0.
 *
 * <pre>
 *   java -cp lab-tcp/target/classes socketlab.tcp.WebServer [port [folder]]   (port 6789, folder "." if none are given)
 *   then open http://127.0.0.1:6789/ in a browser, or: curl -v http://127.0.0.1:6789/
 * </pre>
 */
public class WebServer implements Closeable {

    /** The port the textbook's web server lab uses. */
    public static final int DEFAULT_PORT = 6789;

    /** The longest request or header line the server accepts, in bytes. */
    public static final int MAX_LINE_BYTES = 8192;

    /** The most header lines the server accepts in one request. */
    public static final int MAX_HEADERS = 100;

    /** How long the server waits for a client to send its request before giving up on it. */
    public static final int READ_TIMEOUT_MILLIS = 10_000;

    /** Content types by file extension; any other file is sent as application/octet-stream. */
    private static final Map<String, String> CONTENT_TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("htm", "text/html; charset=utf-8"),
            Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("pdf", "application/pdf"));

    private final ServerSocket serverSocket;
    private final Path root;

    /** Serves the files under {@code root} (which must be a folder) on {@code port}; 0 lets the system choose. */
    public WebServer(int port, Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IOException("not a folder: " + root);
        }
        // The real path: no "..", no symbolic links, so "is this file inside the folder?" is a plain prefix test.
        this.root = root.toRealPath();
        // TODO 1: create the welcoming socket, bound to the port on the loopback address and listening.
        serverSocket = todo(1);
    }

    /** The port the server listens on: the one the system chose if it was opened on port 0. */
    public int port() {
        return serverSocket.getLocalPort();
    }

    /** Answers one request per connection, one connection after another, until {@link #close()}. */
    public void serve() throws IOException {
        while (true) {
            // TODO 2: wait for the next client to connect (accept).
            Socket connectionSocket = todo(2);
            try (connectionSocket) {
                // A client that connects and says nothing must not keep the others waiting forever.
                connectionSocket.setSoTimeout(READ_TIMEOUT_MILLIS);
                handle(connectionSocket);
            } catch (IOException e) {
                System.err.println("WebServer: connection with " + connectionSocket.getRemoteSocketAddress()
                        + " failed: " + e.getMessage());
            }
        }
    }

    /** Reads one request from the connection and sends the response. */
    private void handle(Socket connectionSocket) throws IOException {
        LineReader fromClient = new LineReader(connectionSocket.getInputStream(), MAX_LINE_BYTES);
        OutputStream toClient = new BufferedOutputStream(connectionSocket.getOutputStream());
        String requestLine;
        try {
            requestLine = fromClient.readLine();
        } catch (LineReader.LineTooLongException e) {
            sendError(toClient, 400, "Bad Request", "the request line is longer than " + MAX_LINE_BYTES + " bytes");
            return;
        }
        if (requestLine == null) {
            return; // the client connected and left without a word
        }
        try {
            String target = parseRequestLine(requestLine);
            readHeaders(fromClient);
            Path file = fileFor(target);
            if (file == null) {
                System.out.println("WebServer: " + requestLine + " -> 404 Not Found");
                sendError(toClient, 404, "Not Found", "there is no file " + target + " here");
                return;
            }
            System.out.println("WebServer: " + requestLine + " -> 200 OK (" + Files.size(file) + " bytes)");
            sendFile(toClient, file);
        } catch (HttpError e) {
            System.out.println("WebServer: " + requestLine + " -> " + e.status + " " + e.reason + " (" + e.getMessage() + ")");
            sendError(toClient, e.status, e.reason, e.getMessage());
        }
    }

    /** Checks "METHOD /target HTTP/x.y" and returns the target. */
    private static String parseRequestLine(String requestLine) throws HttpError {
        // TODO 3: split the request line at its spaces into exactly three parts: method, target,
        // version. Anything else, or a version that is not "HTTP/" and digits like "1.0", is a
        // 400 Bad Request (throw new HttpError(400, "Bad Request", why)). A method other than GET is
        // a 501 Not Implemented. Return the target.
        return todo(3);
    }

    /** Reads the header lines up to the empty line that ends the request; they must look like "Name: value". */
    private static void readHeaders(LineReader fromClient) throws IOException, HttpError {
        // TODO 4: read lines until the empty line. Throw a 400 HttpError for a line with no ':' before
        // its value, a line longer than the limit (LineReader.LineTooLongException), more than
        // MAX_HEADERS lines, or a connection that ends before the empty line. (This server needs no
        // header's value, but it must read them all: they are part of the request.)
        todo(4);
    }

    /**
     * The file a target names, inside the server's folder: "/" and folders mean their index.html.
     *
     * @return the file, or null if there is no such file
     * @throws HttpError 400 for a target that is not a path, 403 for one that leads outside the folder
     */
    private Path fileFor(String target) throws HttpError {
        // TODO 5: turn the target into a file inside root.
        //   - decode it: new URI(target).getPath() turns "%20" into " " and "%2e%2e" into "..", and drops "?query";
        //     a URISyntaxException, or a path that does not start with "/", is a 400.
        //   - resolve it against root and normalize(), then check that it still startsWith(root):
        //     "/../secret.txt" must not leave the folder (403 Forbidden). Check again on its real
        //     path (toRealPath()), so that a symbolic link cannot lead out either.
        //   - a folder means its index.html; return null if the file does not exist.
        return todo(5);
    }

    /** Sends "200 OK", the headers that describe the file, the empty line, and the file's bytes. */
    private static void sendFile(OutputStream toClient, Path file) throws IOException {
        // TODO 6: write the status line "HTTP/1.0 200 OK", then the headers Content-Type (contentType(file))
        // and Content-Length (the file's size in bytes), each line ended by "\r\n"; then an empty line;
        // then the file's bytes exactly as they are (Files.copy). Flush.
        todo(6);
    }

    /** Sends an error response: status line, headers, empty line, and a short page that says what went wrong. */
    private static void sendError(OutputStream toClient, int status, String reason, String why) throws IOException {
        byte[] body = ("<html><body><h1>" + status + " " + reason + "</h1><p>" + escape(why) + "</p></body></html>\n")
                .getBytes(StandardCharsets.UTF_8);
        // TODO 7: write the status line "HTTP/1.0 <status> <reason>", the headers Content-Type
        // (text/html; charset=utf-8) and Content-Length (body.length), the empty line and the body. Flush.
        todo(7);
    }

    /** The Content-Type for a file, from its extension. */
    static String contentType(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return CONTENT_TYPES.getOrDefault(extension, "application/octet-stream");
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Closes the welcoming socket, which also stops {@link #serve()}. */
    @Override
    public void close() throws IOException {
        serverSocket.close();
    }

    /** A request the server cannot answer with a file: the status code, its reason phrase, and why. */
    static class HttpError extends Exception {
        final int status;
        final String reason;

        HttpError(int status, String reason, String why) {
            super(why);
            this.status = status;
            this.reason = reason;
        }
    }

    public static void main(String[] args) {
        Args arguments = Args.of(WebServer.class, "[port [folder]]", args);
        int port = arguments.port(DEFAULT_PORT);
        Path folder = Path.of(arguments.text("."));
        try (WebServer server = new WebServer(port, folder)) {
            System.out.println("Serving " + folder.toAbsolutePath().normalize() + " on http://127.0.0.1:" + server.port() + "/");
            server.serve();
        } catch (IOException e) {
            arguments.fail(e.getMessage());
        }
    }
}
