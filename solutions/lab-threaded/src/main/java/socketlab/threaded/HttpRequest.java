package socketlab.threaded;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import socketlab.TimeLimit;

/**
 * One HTTP request, on its own thread (the textbook's {@code final class HttpRequest implements Runnable}).
 *
 * <p>A browser sends a request line and header lines, each ended by CRLF, then an empty line (and, for
 * some requests, a body as long as its Content-Length header says):
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
 * then the server closes the connection (HTTP/1.0: one request per connection). Every answer is the one
 * the handout's table gives, the same as lab-tcp's single-threaded web server's: 200, 400, 403, 404 and
 * 501, each with Content-Type and Content-Length, HEAD answered with the headers only, and never a file
 * outside the web root.
 */
public final class HttpRequest implements Runnable {

    static final String CRLF = "\r\n";
    /** How long one connection may last: the request in, the response out. */
    public static final int TIME_LIMIT_MILLIS = 30_000;
    /** The longest request or header line accepted, in bytes. */
    public static final int MAX_LINE_BYTES = 8192;
    /** The most header lines accepted in one request. */
    public static final int MAX_HEADERS = 100;

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
    private final int timeLimitMillis;

    /** A request arriving on {@code socket}, for files under {@code webRoot} (a real, absolute path). */
    public HttpRequest(Socket socket, Path webRoot) {
        this(socket, webRoot, TIME_LIMIT_MILLIS);
    }

    /** The same, giving the connection {@code timeLimitMillis} (instead of {@link #TIME_LIMIT_MILLIS}). */
    public HttpRequest(Socket socket, Path webRoot, int timeLimitMillis) {
        this.socket = socket;
        this.webRoot = webRoot;
        this.timeLimitMillis = timeLimitMillis;
    }

    /** Runs on the request's own thread: answers the request, then closes the connection. */
    @Override
    public void run() {
        try (socket) {
            // Step 1: give this connection timeLimitMillis in all, with a TimeLimit on the socket (TimeLimit.of):
            // when the time is up it closes the socket, which ends the read() or write() this thread waits in.
            // Each request has its own thread, so a slow client holds up nobody else -- but a client that sends
            // its request a byte every few seconds, or never reads the response, would keep its thread forever,
            // and enough of them would use up the machine's threads. (setSoTimeout limits each read() on its
            // own, and no write(): see TimeLimit.)
            try (TimeLimit limit = TimeLimit.of(socket, timeLimitMillis)) {
            // Skeleton: try (TimeLimit limit = todo(1)) {
                processRequest();
            }
        } catch (IOException e) {
            System.err.println("WebServer: request from " + socket.getRemoteSocketAddress() + " failed: " + e.getMessage());
        }
    }

    private void processRequest() throws IOException {
        InputStream fromClient = new BufferedInputStream(socket.getInputStream());
        OutputStream toClient = new BufferedOutputStream(socket.getOutputStream());
        boolean head = false; // a HEAD request gets the headers of its answer only
        try {
            // Step 2: read the request line, e.g. "GET /index.html HTTP/1.0", with readLine(fromClient).
            // null: the client closed the connection without a request; there is nobody to answer.
            String requestLine = readLine(fromClient);
            // Skeleton: String requestLine = todo(2);
            if (requestLine == null) {
                return;
            }
            head = requestLine.startsWith("HEAD ");
            answer(requestLine, fromClient, toClient, head);
        } catch (HttpError e) {
            sendError(toClient, e, head);
        }
    }

    private void answer(String requestLine, InputStream fromClient, OutputStream toClient, boolean head) throws IOException, HttpError {
        // The header lines follow, up to an empty line; of their values this server needs one, the body's length.
        long bodyLength = readHeaders(fromClient);

        // Step 3: read the body, bodyLength bytes, and throw them away: read them into a scrap buffer until all
        // have come; a connection that ends first is a 400. Why read what we throw away? A request is not over
        // until its body has come. Close the connection while some of it has not been read, and TCP answers
        // those bytes with a reset (RST): the client's system then throws away the part of the response the
        // client had not read yet.
        byte[] scrap = new byte[8192];
        for (long left = bodyLength; left > 0; ) {
            int n = fromClient.read(scrap, 0, (int) Math.min(scrap.length, left));
            if (n == -1) {
                throw new HttpError(400, "Bad Request", "the body ended before its Content-Length of " + bodyLength + " bytes");
            }
            left -= n;
        }
        // End of step 3.

        String[] parts = requestLine.split(" ", -1);
        // Step 4: check that the request line is well formed: exactly three parts (method, target,
        // version) and a version like HTTP/1.0 (HTTP/ digit . digit). A malformed request gets
        // "400 Bad Request" (below), and the server carries on.
        boolean wellFormed = parts.length == 3 && parts[2].matches("HTTP/\\d\\.\\d");
        // Skeleton: boolean wellFormed = todo(4);
        if (!wellFormed) {
            throw new HttpError(400, "Bad Request", "a request line is: GET /path HTTP/1.0");
        }
        String method = parts[0];
        String target = parts[1];
        if (!method.equals("GET") && !method.equals("HEAD")) {
            throw new HttpError(501, "Not Implemented", "this server only knows GET and HEAD");
        }

        // Which file? fileFor() (your TODO 7) keeps the answer inside the web root.
        Path file = fileFor(target);
        if (file == null) {
            throw new HttpError(404, "Not Found", "there is no such file here");
        }

        // Step 5: send the status line and the header lines, each ended by CRLF, then an empty line:
        //   HTTP/1.0 200 OK, Content-Type: (contentType of the file), Content-Length: (the file's size).
        String header = "HTTP/1.0 200 OK" + CRLF
                + "Content-Type: " + contentType(file) + CRLF
                + "Content-Length: " + Files.size(file) + CRLF
                + CRLF;
        toClient.write(header.getBytes(StandardCharsets.US_ASCII));
        // End of step 5.

        // Step 6: unless the request is a HEAD (it asks for the headers a GET would get, and nothing more:
        // RFC 1945, section 8.2), send the file's bytes (the entity body) as they are. Then flush: they sit
        // in a buffer until then. Bytes, never text: a PNG through a Reader or Writer arrives broken.
        if (!head) {
            Files.copy(file, toClient);
        }
        toClient.flush();
        // End of step 6.
    }

    /**
     * The file {@code target} names under the web root ("/" and folders mean their index.html), or null
     * if there is no such file. The target is percent-encoded ("%2e%2e" is ".."), so decode it first;
     * then resolve it against the web root, normalise away "." and "..", and check the result (and, for
     * an existing file, its real path, which follows symbolic links) still starts with the web root.
     *
     * @throws HttpError 400 for a target that is not a path, 403 for one outside the web root (or a file
     *                   the server may not read)
     */
    Path fileFor(String target) throws HttpError {
        if (!target.startsWith("/")) {
            throw new HttpError(400, "Bad Request", "the target must be a path that starts with /");
        }
        String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
        Path file;
        try {
            // Step 7: decode the path's %-escapes (URLDecoder; keep "+" as it is: replace it by "%2B" first);
            // refuse (400) a control character (below 32, or 127: "%00" is a NUL) or a backslash. Resolve the
            // rest, without its leading "/"s ("//sub//page.html" is sub/page.html), against webRoot and
            // normalize() it. If the result does not start with webRoot (Path.startsWith compares whole names,
            // unlike String.startsWith: /www-private does not start with /www), it is a 403.
            path = URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
            if (path.chars().anyMatch(c -> c < 32 || c == 127 || c == '\\')) {
                throw new HttpError(400, "Bad Request", "the target is not a valid file name");
            }
            file = webRoot.resolve(path.replaceFirst("^/+", "")).normalize();
            if (!file.startsWith(webRoot)) {
                throw new HttpError(403, "Forbidden", "that path leads outside the web root");
            }
            // Skeleton: file = todo(7);
        } catch (IllegalArgumentException e) { // a broken %-escape, or a name the file system refuses
            throw new HttpError(400, "Bad Request", "the target is not a valid path");
        }
        if (Files.isDirectory(file)) {
            file = file.resolve("index.html");
        }
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            if (!file.toRealPath().startsWith(webRoot)) {
                throw new HttpError(403, "Forbidden", "that path leads outside the web root"); // a symbolic link
            }
        } catch (IOException e) {
            return null;
        }
        if (!Files.isReadable(file)) {
            throw new HttpError(403, "Forbidden", "the server may not read that file");
        }
        return file;
    }

    /** The MIME type that tells the browser what the bytes are, from the file name's extension. */
    static String contentType(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return CONTENT_TYPES.getOrDefault(extension, "application/octet-stream");
    }

    /**
     * One line, without its CRLF (a bare LF is accepted too), as UTF-8 text, at most MAX_LINE_BYTES long;
     * null if the connection ends before any byte of it.
     */
    static String readLine(InputStream in) throws IOException, HttpError {
        try {
            return Lines.read(in, MAX_LINE_BYTES);
        } catch (Lines.TooLong e) {
            throw new HttpError(400, "Bad Request", "a line longer than " + MAX_LINE_BYTES + " bytes");
        }
    }

    /**
     * Reads the header lines up to the empty line that ends them (a request is not over before it); each
     * must look like "Name: value".
     *
     * @return the length of the request's body, from its Content-Length header (0 if it has none)
     * @throws HttpError 400 for a malformed header, a line too long, too many of them, a connection that ends
     *                   first, or a Content-Length that is not one number; 501 for a Transfer-Encoding
     */
    static long readHeaders(InputStream fromClient) throws IOException, HttpError {
        long bodyLength = -1;
        for (int lines = 0; ; lines++) {
            String headerLine = readLine(fromClient);
            if (headerLine == null) {
                throw new HttpError(400, "Bad Request", "the connection ended before the empty line that ends a request");
            }
            if (headerLine.isEmpty()) {
                return Math.max(bodyLength, 0);
            }
            if (lines == MAX_HEADERS) {
                throw new HttpError(400, "Bad Request", "more than " + MAX_HEADERS + " header lines");
            }
            int colon = headerLine.indexOf(':');
            if (colon < 1) {
                throw new HttpError(400, "Bad Request", "a header line is Name: value");
            }
            String name = headerLine.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = headerLine.substring(colon + 1).trim();
            if (name.equals("transfer-encoding")) {
                throw new HttpError(501, "Not Implemented", "this server does not know Transfer-Encoding (HTTP/1.0 has none)");
            }
            if (name.equals("content-length")) {
                if (bodyLength >= 0 || !value.matches("[0-9]{1,18}")) {
                    throw new HttpError(400, "Bad Request", "one Content-Length header, a number of bytes");
                }
                bodyLength = Long.parseLong(value);
            }
        }
    }

    /** An error response: status line, headers and (unless {@code head}) a short HTML page saying what went wrong. */
    private static void sendError(OutputStream toClient, HttpError error, boolean head) throws IOException {
        String status = error.status + " " + error.reason;
        byte[] body = ("<html><head><title>" + status + "</title></head><body><h1>" + status + "</h1><p>"
                + error.getMessage() + "</p></body></html>\n").getBytes(StandardCharsets.UTF_8);
        String header = "HTTP/1.0 " + status + CRLF
                + "Content-Type: text/html; charset=utf-8" + CRLF
                + "Content-Length: " + body.length + CRLF
                + CRLF;
        toClient.write(header.getBytes(StandardCharsets.US_ASCII));
        if (!head) {
            toClient.write(body);
        }
        toClient.flush();
    }

    /** A request this server answers with an error: the status code, its reason phrase, and why. */
    static final class HttpError extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;
        final String reason;

        HttpError(int status, String reason, String why) {
            super(why);
            this.status = status;
            this.reason = reason;
        }
    }
}
