package socketlab.tcp;

import static socketlab.Todo.todo;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import socketlab.Args;
import socketlab.TimeLimit;

/**
 * The textbook's web server lab: serves the files of one folder over HTTP/1.0, one connection (one
 * request) at a time.
 *
 * <p>A request is a request line ("GET /index.html HTTP/1.0"), header lines ("Host: localhost"), an
 * empty line, and for some requests a body (as long as its Content-Length header says): each line ends
 * with "\r\n". The response is a status line ("HTTP/1.0 200 OK"), headers that say what follows and how
 * long it is (Content-Type, Content-Length), an empty line, and the file's bytes. Then the server closes
 * the connection: that is HTTP/1.0. Every answer is the one the handout's table gives, the same as
 * lab-threaded's web server.
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

    /**
     * How long one connection may last: the request in, the response out. The server serves one
     * connection at a time, so this is also the longest one client can keep the others waiting.
     */
    public static final int TIME_LIMIT_MILLIS = 30_000;

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
    private final int timeLimitMillis;

    /** Serves the files under {@code root} (which must be a folder) on {@code port}; 0 lets the system choose. */
    public WebServer(int port, Path root) throws IOException {
        this(port, root, TIME_LIMIT_MILLIS);
    }

    /** The same, giving each connection {@code timeLimitMillis} (instead of {@link #TIME_LIMIT_MILLIS}). */
    public WebServer(int port, Path root, int timeLimitMillis) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IOException("not a folder: " + root);
        }
        // The real path: no "..", no symbolic links, so "is this file inside the folder?" is a plain prefix test.
        this.root = root.toRealPath();
        this.timeLimitMillis = timeLimitMillis;
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
                // TODO 3: give this connection timeLimitMillis in all, with a TimeLimit on the connection socket
                // (TimeLimit.of): when the time is up it closes the socket, which ends the read() or write() the
                // server is waiting in. This server serves one client at a time: a client that sends its request
                // a byte every few seconds, or never reads the response, would otherwise keep every other client
                // waiting forever. (setSoTimeout limits each read() on its own, and no write(): see TimeLimit.)
                try (TimeLimit limit = todo(3)) {
                    handle(connectionSocket);
                }
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
            sendError(toClient, new HttpError(400, "Bad Request", "the request line is longer than " + MAX_LINE_BYTES + " bytes"), false);
            return;
        }
        if (requestLine == null) {
            return; // the client connected and left without a word
        }
        boolean head = requestLine.startsWith("HEAD "); // a HEAD request gets the headers of its answer only
        try {
            long bodyLength = readHeaders(fromClient);
            skipBody(fromClient, bodyLength);
            String target = parseRequestLine(requestLine);
            Path file = fileFor(target);
            if (file == null) {
                throw new HttpError(404, "Not Found", "there is no file " + target + " here");
            }
            System.out.println("WebServer: " + requestLine + " -> 200 OK (" + Files.size(file) + " bytes)");
            sendFile(toClient, file, head);
        } catch (HttpError e) {
            System.out.println("WebServer: " + requestLine + " -> " + e.status + " " + e.reason + " (" + e.getMessage() + ")");
            sendError(toClient, e, head);
        }
    }

    /**
     * Reads the header lines up to the empty line that ends them; they must look like "Name: value".
     *
     * @return the length of the request's body, from its Content-Length header (0 if it has none)
     */
    private static long readHeaders(LineReader fromClient) throws IOException, HttpError {
        // TODO 4: read lines until the empty line. Throw a 400 HttpError for a line with no ':' before
        // its value, a line longer than the limit (LineReader.LineTooLongException), more than
        // MAX_HEADERS lines, or a connection that ends before the empty line. Of the values, this server
        // needs one: Content-Length (the name in any case), the body's length in bytes -- digits only, and
        // only one such header, or 400. A Transfer-Encoding header (HTTP/1.1's chunked bodies, which
        // HTTP/1.0 does not have) is a 501 Not Implemented.
        return todo(4);
    }

    /** Reads the request's body, bodyLength bytes, and throws them away: this server needs none of it. */
    private static void skipBody(LineReader fromClient, long bodyLength) throws IOException, HttpError {
        // TODO 5: skip the body's bytes (fromClient.skipBytes); a body that ends early is a 400. Why read what
        // we throw away? A request is not over until its body has come. Close the connection while some of
        // it has not been read, and TCP answers those bytes with a reset (RST): the client's system then
        // throws away the part of the response that the client had not read yet.
        todo(5);
    }

    /** Checks "METHOD /target HTTP/x.y" and returns the target. */
    private static String parseRequestLine(String requestLine) throws HttpError {
        // TODO 6: split the request line at its spaces into exactly three parts: method, target,
        // version. Anything else, or a version that is not "HTTP/" and digits like "1.0", is a
        // 400 Bad Request (throw new HttpError(400, "Bad Request", why)). A method other than GET and
        // HEAD is a 501 Not Implemented. Return the target.
        return todo(6);
    }

    /**
     * The file a target names, inside the server's folder: "/" and folders mean their index.html.
     *
     * @return the file, or null if there is no such file
     * @throws HttpError 400 for a target that is not a path, 403 for one that leads outside the folder
     *                   (or a file the server may not read)
     */
    private Path fileFor(String target) throws HttpError {
        // TODO 7: turn the target into a file inside root.
        //   - the target is a path that starts with "/" (400 otherwise: "*", "http://host/x"); drop a "?query".
        //   - decode it: URLDecoder.decode turns "%20" into " ", "%2e%2e" into ".." and "%E4%BD%A0" into "你"
        //     (keep a "+" as it is: replace it by "%2B" first); a broken escape throws IllegalArgumentException: 400.
        //     A control character (below 32, or 127: "%00" is a NUL) or a "\" in the decoded path is a 400 too.
        //   - resolve it, without its leading "/"s ("//sub//page.html" is sub/page.html), against root and
        //     normalize(), then check that it still startsWith(root): "/../secret.txt" must not leave the
        //     folder (403 Forbidden). Check again on its real path (toRealPath()), so that a symbolic link
        //     cannot lead out either.
        //   - a folder means its index.html; return null if the file does not exist.
        return todo(7);
    }

    /** Sends "200 OK", the headers that describe the file, the empty line, and (unless {@code head}) the file's bytes. */
    private static void sendFile(OutputStream toClient, Path file, boolean head) throws IOException {
        // TODO 8: write the status line "HTTP/1.0 200 OK", then the headers Content-Type (contentType(file))
        // and Content-Length (the file's size in bytes), each line ended by "\r\n"; then an empty line;
        // then, unless the request was a HEAD, the file's bytes exactly as they are (Files.copy). Flush.
        // (A HEAD asks for the headers a GET would get, and nothing more: HTTP/1.0, RFC 1945, section 8.2.)
        todo(8);
    }

    /** Sends an error response: status line, headers, empty line, and (unless {@code head}) a short page saying why. */
    private static void sendError(OutputStream toClient, HttpError error, boolean head) throws IOException {
        byte[] body = ("<html><body><h1>" + error.status + " " + error.reason + "</h1><p>" + escape(error.getMessage())
                + "</p></body></html>\n").getBytes(StandardCharsets.UTF_8);
        // TODO 9: write the status line "HTTP/1.0 <status> <reason>", the headers Content-Type
        // (text/html; charset=utf-8) and Content-Length (body.length), the empty line and, unless the
        // request was a HEAD, the body. Flush.
        todo(9);
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
