package socketlab.threaded;

import static socketlab.Todo.todo;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * One HTTP request, on its own thread (the textbook's {@code final class HttpRequest implements Runnable}).
 *
 * <p>A browser sends a request line and header lines, each ended by CRLF, then an empty line:
 * <pre>
 *   GET /index.html HTTP/1.0
 *   Host: 127.0.0.1:6789
 *
 * </pre>
 * and gets back a status line, header lines, an empty line and the file's bytes:
 * <pre>
 *   HTTP/1.0 200 OK
 *   Content-Type: text/html
 *   Content-Length: 1234
 *
 *   &lt;html&gt;...
 * </pre>
 * then the server closes the connection (HTTP/1.0: one request per connection).
 */
public final class HttpRequest implements Runnable {

    static final String CRLF = "\r\n";
    /** How long a client may take to send its request before the server gives up on it. */
    public static final int REQUEST_TIMEOUT_MILLIS = 30_000;
    /** The most header lines read from one request. */
    static final int MAX_HEADER_LINES = 100;

    private final Socket socket;
    private final Path webRoot;

    /** A request arriving on {@code socket}, for files under {@code webRoot} (a real, absolute path). */
    public HttpRequest(Socket socket, Path webRoot) {
        this.socket = socket;
        this.webRoot = webRoot;
    }

    /** Runs on the request's own thread: answers the request, then closes the connection. */
    @Override
    public void run() {
        try (socket) {
            processRequest();
        } catch (IOException e) {
            System.err.println("WebServer: request from " + socket.getRemoteSocketAddress() + " failed: " + e.getMessage());
        }
    }

    private void processRequest() throws IOException {
        socket.setSoTimeout(REQUEST_TIMEOUT_MILLIS);
        // HTTP's request and header lines are ASCII text; ISO-8859-1 reads any byte without failing.
        BufferedReader fromClient = new BufferedReader(
                new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
        OutputStream toClient = new BufferedOutputStream(socket.getOutputStream());

        // TODO 1: read the request line, e.g. "GET /index.html HTTP/1.0". null: the client closed
        // the connection without a request.
        String requestLine = todo(1);
        if (requestLine == null) {
            return;
        }
        // The header lines follow, up to an empty line. This server needs none of them, but reads them
        // all so that the client has finished sending before we answer.
        String headerLine = fromClient.readLine();
        for (int lines = 0; headerLine != null && !headerLine.isEmpty(); lines++) {
            if (lines == MAX_HEADER_LINES) {
                sendError(toClient, "400 Bad Request", "more than " + MAX_HEADER_LINES + " header lines");
                return;
            }
            headerLine = fromClient.readLine();
        }

        String[] parts = requestLine.split(" ", -1);
        // TODO 2: check that the request line is well formed: exactly three parts (method, target,
        // version), a target that starts with "/", and a version like HTTP/1.0 (HTTP/ digit . digit).
        // A malformed request gets "400 Bad Request" (below), and the server carries on.
        boolean wellFormed = todo(2);
        if (!wellFormed) {
            sendError(toClient, "400 Bad Request", "a request line is: GET /path HTTP/1.0");
            return;
        }
        String method = parts[0];
        String target = parts[1];
        if (!method.equals("GET")) {
            sendError(toClient, "501 Not Implemented", "this server only knows GET");
            return;
        }

        // Which file? fileFor() (your TODO 5) keeps the answer inside the web root.
        Path file = fileFor(target);
        if (file == null) {
            sendError(toClient, "400 Bad Request", "that path is not inside the web root");
            return;
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            sendError(toClient, "404 Not Found", "there is no such file here");
            return;
        }

        // TODO 3: send the status line and the header lines, each ended by CRLF, then an empty line:
        //   HTTP/1.0 200 OK, Content-Type: (contentType of the file), Content-Length: (the file's size).
        todo(3);

        // TODO 4: send the file's bytes (the entity body), and flush: they are in a buffer until then.
        todo(4);
    }

    /**
     * The file {@code target} names under the web root, or null if it would be outside it. The target
     * is percent-encoded ("%2e%2e" is ".."), so decode it first; then resolve it against the web root,
     * normalise away "." and "..", and check the result (and, for an existing file, its real path,
     * which follows symbolic links) still starts with the web root.
     */
    Path fileFor(String target) {
        String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
        try {
            // TODO 5: decode the path's %-escapes (URLDecoder; keep "+" as it is), refuse a NUL or a
            // backslash, resolve the rest (without its leading "/") against webRoot and normalize() it.
            // If the result does not start with webRoot, return null: it would be a file outside.
            Path file = todo(5);
            if (Files.isDirectory(file)) {
                file = file.resolve("index.html");
            }
            if (Files.exists(file) && !file.toRealPath().startsWith(webRoot)) {
                return null; // a symbolic link that leads out of the web root
            }
            return file;
        } catch (IllegalArgumentException | IOException e) { // InvalidPathException is an IllegalArgumentException
            return null; // a broken %-escape, or a name the file system refuses
        }
    }

    /** The MIME type that tells the browser what the bytes are, from the file name's extension. */
    static String contentType(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        String extension = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : "";
        switch (extension) {
            case "html":
            case "htm":
                return "text/html";
            case "txt":
                return "text/plain";
            case "css":
                return "text/css";
            case "js":
                return "text/javascript";
            case "json":
                return "application/json";
            case "png":
                return "image/png";
            case "jpg":
            case "jpeg":
                return "image/jpeg";
            case "gif":
                return "image/gif";
            case "svg":
                return "image/svg+xml";
            default:
                return "application/octet-stream";
        }
    }

    /** An error response: status line, headers and a short HTML page saying what went wrong. */
    private static void sendError(OutputStream toClient, String status, String why) throws IOException {
        byte[] body = ("<html><head><title>" + status + "</title></head><body><h1>" + status + "</h1><p>" + why
                + "</p></body></html>\n").getBytes(StandardCharsets.ISO_8859_1);
        String header = "HTTP/1.0 " + status + CRLF
                + "Content-Type: text/html" + CRLF
                + "Content-Length: " + body.length + CRLF
                + CRLF;
        toClient.write(header.getBytes(StandardCharsets.ISO_8859_1));
        toClient.write(body);
        toClient.flush();
    }
}
