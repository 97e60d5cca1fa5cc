package socketlab.threaded;

import static socketlab.Todo.todo;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

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
 *   Content-Type: text/html; charset=utf-8
 *   Content-Length: 1234
 *
 *   &lt;html&gt;...
 * </pre>
 * then the server closes the connection (HTTP/1.0: one request per connection). The behaviour is
 * lab-tcp's single-threaded web server's: 200, 400, 403, 404 and 501, each with Content-Type and
 * Content-Length, and never a file outside the web root.
 */
public final class HttpRequest implements Runnable {

    static final String CRLF = "\r\n";
    /** How long a client may take to send its request before the server gives up on it. */
    public static final int REQUEST_TIMEOUT_MILLIS = 30_000;
    /** The longest request or header line accepted, and the most header lines. */
    static final int MAX_LINE_BYTES = 8192;
    static final int MAX_HEADER_LINES = 100;

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
        InputStream fromClient = new BufferedInputStream(socket.getInputStream());
        OutputStream toClient = new BufferedOutputStream(socket.getOutputStream());
        try {
            answer(fromClient, toClient);
        } catch (BadRequest e) {
            sendError(toClient, "400 Bad Request", e.getMessage());
        }
    }

    private void answer(InputStream fromClient, OutputStream toClient) throws IOException, BadRequest {
        // TODO 1: read the request line, e.g. "GET /index.html HTTP/1.0", with readLine(fromClient).
        // null: the client closed the connection without a request; there is nobody to answer.
        String requestLine = todo(1);
        if (requestLine == null) {
            return;
        }
        // The header lines follow, up to an empty line. This server needs none of them, but reads them
        // all, so that the client has finished sending before we answer (closing a connection with
        // unread bytes makes TCP reset it, and the client could lose our answer).
        String badHeader = null;
        for (int lines = 0; ; lines++) {
            String headerLine = readLine(fromClient);
            if (headerLine == null) {
                throw new BadRequest("the connection ended before the empty line that ends a request");
            }
            if (headerLine.isEmpty()) {
                break;
            }
            if (lines == MAX_HEADER_LINES) {
                throw new BadRequest("more than " + MAX_HEADER_LINES + " header lines");
            }
            if (headerLine.indexOf(':') < 1) {
                badHeader = "a header line is Name: value";
            }
        }
        if (badHeader != null) {
            throw new BadRequest(badHeader);
        }

        String[] parts = requestLine.split(" ", -1);
        // TODO 2: check that the request line is well formed: exactly three parts (method, target,
        // version), a target that starts with "/", and a version like HTTP/1.0 (HTTP/ digit . digit).
        // A malformed request gets "400 Bad Request" (below), and the server carries on.
        boolean wellFormed = todo(2);
        if (!wellFormed) {
            throw new BadRequest("a request line is: GET /path HTTP/1.0");
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
            sendError(toClient, "403 Forbidden", "that path leads outside the web root");
            return;
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            sendError(toClient, "404 Not Found", "there is no such file here");
            return;
        }

        // TODO 3: send the status line and the header lines, each ended by CRLF, then an empty line:
        //   HTTP/1.0 200 OK, Content-Type: (contentType of the file), Content-Length: (the file's size).
        todo(3);

        // TODO 4: send the file's bytes (the entity body) as they are, and flush: they sit in a buffer
        // until then. Bytes, never text: a PNG through a Reader or Writer arrives broken.
        todo(4);
    }

    /**
     * The file {@code target} names under the web root ("/" and folders mean their index.html), or null
     * if it would be outside it. The target is percent-encoded ("%2e%2e" is ".."), so decode it first;
     * then resolve it against the web root, normalise away "." and "..", and check the result (and, for
     * an existing file, its real path, which follows symbolic links) still starts with the web root.
     */
    Path fileFor(String target) throws BadRequest {
        String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
        try {
            // TODO 5: decode the path's %-escapes (URLDecoder; keep "+" as it is), refuse a NUL or a
            // backslash, resolve the rest (without its leading "/") against webRoot and normalize() it.
            // If the result does not start with webRoot (Path.startsWith compares whole names, unlike
            // String.startsWith: /www-private does not start with /www), return null.
            Path file = todo(5);
            if (Files.isDirectory(file)) {
                file = file.resolve("index.html");
            }
            if (Files.exists(file) && !file.toRealPath().startsWith(webRoot)) {
                return null; // a symbolic link that leads out of the web root
            }
            return file;
        } catch (IllegalArgumentException e) { // a broken %-escape, or a name the file system refuses
            throw new BadRequest("the target is not a valid path");
        } catch (IOException e) {
            return null;
        }
    }

    /** The MIME type that tells the browser what the bytes are, from the file name's extension. */
    static String contentType(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return CONTENT_TYPES.getOrDefault(extension, "application/octet-stream");
    }

    /**
     * One line, without its CRLF (a bare LF is accepted too), read byte by byte up to MAX_LINE_BYTES;
     * null if the connection ends before any byte of it. HTTP's lines are ASCII: ISO-8859-1 maps each
     * byte to one character and never fails.
     */
    static String readLine(InputStream in) throws IOException, BadRequest {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b == -1) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
            }
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            if (line.size() == MAX_LINE_BYTES) {
                throw new BadRequest("a line longer than " + MAX_LINE_BYTES + " bytes");
            }
            line.write(b);
        }
    }

    /** An error response: status line, headers and a short HTML page saying what went wrong. */
    private static void sendError(OutputStream toClient, String status, String why) throws IOException {
        byte[] body = ("<html><head><title>" + status + "</title></head><body><h1>" + status + "</h1><p>" + why
                + "</p></body></html>\n").getBytes(StandardCharsets.ISO_8859_1);
        String header = "HTTP/1.0 " + status + CRLF
                + "Content-Type: text/html; charset=utf-8" + CRLF
                + "Content-Length: " + body.length + CRLF
                + CRLF;
        toClient.write(header.getBytes(StandardCharsets.ISO_8859_1));
        toClient.write(body);
        toClient.flush();
    }

    /** A request this server cannot make sense of: it is answered "400 Bad Request", saying why. */
    static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;

        BadRequest(String why) {
            super(why);
        }
    }
}
