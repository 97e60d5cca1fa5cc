package socketlab.grader.toxiproxy.embedded;

import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Assembles HTTP/1.x requests from bytes as they arrive on one connection, in bounded memory: a request head of at
 * most 64 KB, a body of at most 1 MB (Content-Length or chunked). Each byte is looked at a bounded number of times,
 * so a client that sends one byte at a time costs no more than one that sends the request at once.
 */
final class HttpRequestReader {
    static final int MAX_HEAD_BYTES = 64 * 1024;
    static final int MAX_BODY_BYTES = 1 << 20;
    private static final int MAX_CHUNK_LINE = 4096;

    /** What the bytes so far amount to: nothing yet, a request, or a request that cannot be served. */
    sealed interface Result permits Complete, Rejected {}

    /** A whole request; {@code keepAlive} says whether the connection may carry another. */
    record Complete(ApiRequest request, boolean keepAlive, boolean http10) implements Result {}

    /** A request that gets this answer, after which the connection is closed (its remaining bytes mean nothing). */
    record Rejected(ApiResponse answer) implements Result {}

    private byte[] buffer = new byte[2048];
    private int length;
    /** Where the search for the end of the head resumes. */
    private int scanned;

    private Head head;
    private boolean continueWanted;

    private record Head(
            String method,
            String path,
            String query,
            Map<String, String> headers,
            boolean keepAlive,
            boolean http10,
            long contentLength,
            boolean chunked,
            int bodyStart) {}

    // chunked body decoding state
    private ByteArrayOutputStream chunkedBody;
    private int chunkPosition;
    private long chunkRemaining = -1;
    private boolean inTrailer;

    /** Adds the bytes read; false when they would exceed the bounds (the caller rejects the request). */
    void append(ByteBuffer bytes) {
        int needed = length + bytes.remaining();
        if (needed > buffer.length) {
            byte[] bigger =
                    new byte[Math.max(needed, Math.min(buffer.length * 2, MAX_HEAD_BYTES + 2 * MAX_BODY_BYTES))];
            System.arraycopy(buffer, 0, bigger, 0, length);
            buffer = bigger;
        }
        int n = bytes.remaining();
        bytes.get(buffer, length, n);
        length += n;
    }

    /** True once any byte of the next request has arrived (Go's read timeout then replaces the idle timeout). */
    boolean started() {
        return length > 0;
    }

    /** True once, right after the head of a request that expects "100 Continue" before sending its body. */
    boolean takeContinue() {
        boolean wanted = continueWanted;
        continueWanted = false;
        return wanted;
    }

    /** The next request if its bytes are all here, a rejection, or null when more bytes are needed. */
    Result poll() {
        if (head == null) {
            int end = headEnd();
            if (end < 0) {
                return length > MAX_HEAD_BYTES ? new Rejected(ApiResponse.protocolError(431, null)) : null;
            }
            if (end > MAX_HEAD_BYTES) {
                return new Rejected(ApiResponse.protocolError(431, null));
            }
            Object parsed = parseHead(new String(buffer, 0, end, StandardCharsets.ISO_8859_1), end);
            if (parsed instanceof Rejected rejected) {
                return rejected;
            }
            head = (Head) parsed;
            if (head.contentLength > MAX_BODY_BYTES) {
                return tooLarge();
            }
            boolean bodyFollows = head.chunked || head.contentLength > 0;
            continueWanted = bodyFollows && !head.http10 && "100-continue".equalsIgnoreCase(head.headers.get("expect"));
            if (head.chunked) {
                chunkedBody = new ByteArrayOutputStream();
                chunkPosition = head.bodyStart;
            }
        }
        return head.chunked ? pollChunked() : pollSized();
    }

    private Result pollSized() {
        int end = head.bodyStart + (int) head.contentLength;
        if (length < end) {
            return null;
        }
        byte[] body = java.util.Arrays.copyOfRange(buffer, head.bodyStart, end);
        return complete(body, end);
    }

    private Result pollChunked() {
        if (length - head.bodyStart > 2 * MAX_BODY_BYTES) {
            return tooLarge(); // chunk framing around the bytes costs memory too
        }
        while (true) {
            if (inTrailer) {
                int lineEnd = indexOf((byte) '\n', chunkPosition);
                if (lineEnd < 0) {
                    return length - chunkPosition > MAX_CHUNK_LINE ? badRequest() : null;
                }
                boolean blank =
                        lineEnd == chunkPosition || (lineEnd == chunkPosition + 1 && buffer[chunkPosition] == '\r');
                chunkPosition = lineEnd + 1;
                if (blank) {
                    return complete(chunkedBody.toByteArray(), chunkPosition);
                }
            } else if (chunkRemaining < 0) {
                int lineEnd = indexOf((byte) '\n', chunkPosition);
                if (lineEnd < 0) {
                    return length - chunkPosition > MAX_CHUNK_LINE ? badRequest() : null;
                }
                String line =
                        new String(buffer, chunkPosition, lineEnd - chunkPosition, StandardCharsets.ISO_8859_1).strip();
                int semicolon = line.indexOf(';');
                String hex = (semicolon < 0 ? line : line.substring(0, semicolon)).strip();
                long size;
                try {
                    size = hex.isEmpty() || hex.length() > 8 ? -1 : Long.parseLong(hex, 16);
                } catch (NumberFormatException e) {
                    size = -1;
                }
                if (size < 0) {
                    return badRequest();
                }
                chunkPosition = lineEnd + 1;
                if (size == 0) {
                    inTrailer = true;
                } else if (chunkedBody.size() + size > MAX_BODY_BYTES) {
                    return tooLarge();
                } else {
                    chunkRemaining = size;
                }
            } else {
                // chunk data, then its CRLF
                long available = length - chunkPosition;
                if (available < chunkRemaining + 1) {
                    return null;
                }
                chunkedBody.write(buffer, chunkPosition, (int) chunkRemaining);
                int after = chunkPosition + (int) chunkRemaining;
                if (buffer[after] == '\r') {
                    if (length < after + 2) {
                        return null;
                    }
                    after++;
                }
                if (buffer[after] != '\n') {
                    return badRequest();
                }
                chunkPosition = after + 1;
                chunkRemaining = -1;
            }
        }
    }

    /** Hands out the request and keeps any bytes after it (a pipelined next request). */
    private Result complete(byte[] body, int consumed) {
        Head done = head;
        System.arraycopy(buffer, consumed, buffer, 0, length - consumed);
        length -= consumed;
        scanned = 0;
        head = null;
        chunkedBody = null;
        chunkRemaining = -1;
        inTrailer = false;
        if (buffer.length > 64 * 1024 && length < 2048) {
            buffer = java.util.Arrays.copyOf(buffer, 2048); // a large body's buffer is not kept for an idle connection
        }
        return new Complete(
                new ApiRequest(done.method, done.path, done.query, done.headers, body), done.keepAlive, done.http10);
    }

    /** The index just after the blank line that ends the head, or -1. */
    private int headEnd() {
        for (int i = Math.max(scanned, 1); i < length; i++) {
            if (buffer[i] == '\n') {
                if (buffer[i - 1] == '\n') {
                    return i + 1;
                }
                if (buffer[i - 1] == '\r' && i >= 2 && buffer[i - 2] == '\n') {
                    return i + 1;
                }
            }
        }
        scanned = Math.max(1, length);
        return -1;
    }

    private int indexOf(byte b, int from) {
        for (int i = from; i < length; i++) {
            if (buffer[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** Parses the request line and headers the way Go's net/http does; a Rejected for anything it would refuse. */
    private static Object parseHead(String text, int bodyStart) {
        String[] lines = text.split("\n", -1);
        int first = 0; // Go does not skip empty lines before the request line: they make it a bad request
        String[] requestLine = stripCr(lines[first]).split(" ", -1);
        if (requestLine.length != 3 || requestLine[0].isEmpty() || !isToken(requestLine[0])) {
            return badRequest();
        }
        String method = requestLine[0];
        String target = requestLine[1];
        String version = requestLine[2];
        if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
            return version.startsWith("HTTP/")
                    ? new Rejected(ApiResponse.protocolError(505, "unsupported protocol version"))
                    : badRequest();
        }
        Map<String, String> headers = new HashMap<>();
        for (int i = first + 1; i < lines.length; i++) {
            String line = stripCr(lines[i]);
            if (line.isEmpty()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || !isToken(line.substring(0, colon))) {
                return badRequest();
            }
            String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            if (name.equals("content-length")
                    && headers.containsKey(name)
                    && !headers.get(name).equals(value)) {
                return badRequest();
            }
            headers.putIfAbsent(name, value);
        }
        boolean http11 = version.equals("HTTP/1.1");
        if (http11 && !headers.containsKey("host")) {
            return new Rejected(ApiResponse.protocolError(400, "missing required Host header"));
        }
        boolean chunked = false;
        long contentLength = 0;
        String transferEncoding = headers.get("transfer-encoding");
        if (transferEncoding != null) {
            if (!transferEncoding.equalsIgnoreCase("chunked")) {
                return new Rejected(new ApiResponse(
                        501,
                        ApiResponse.TEXT,
                        "Unsupported transfer encoding".getBytes(StandardCharsets.UTF_8),
                        null,
                        "501 Not Implemented"));
            }
            chunked = true;
        } else if (headers.containsKey("content-length")) {
            String value = headers.get("content-length");
            if (!value.matches("[0-9]{1,18}")) {
                return badRequest();
            }
            contentLength = Long.parseLong(value);
        }
        String connection = headers.getOrDefault("connection", "").toLowerCase(Locale.ROOT);
        boolean keepAlive = http11 ? !connection.contains("close") : connection.contains("keep-alive");
        String rawPath;
        String query = "";
        if (target.startsWith("/")) {
            rawPath = target;
        } else if (target.startsWith("http://") || target.startsWith("https://")) {
            int slash = target.indexOf('/', target.indexOf("//") + 2);
            rawPath = slash < 0 ? "/" : target.substring(slash);
        } else if (target.equals("*")) {
            rawPath = "*";
        } else {
            return badRequest();
        }
        int question = rawPath.indexOf('?');
        if (question >= 0) {
            query = rawPath.substring(question + 1);
            rawPath = rawPath.substring(0, question);
        }
        String path;
        try {
            // Go decodes %XX in the path and leaves '+' alone; URLDecoder would turn '+' into a space.
            path = URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException badEscape) {
            return badRequest();
        }
        return new Head(
                method, path, query, Map.copyOf(headers), keepAlive, !http11, contentLength, chunked, bodyStart);
    }

    private static String stripCr(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    private static boolean isToken(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= ' ' || c >= 127 || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                return false;
            }
        }
        return !text.isEmpty();
    }

    private static Rejected badRequest() {
        return new Rejected(ApiResponse.protocolError(400, null));
    }

    private static Rejected tooLarge() {
        ApiError error = ApiError.badRequestBody("http: request body too large");
        return new Rejected(ApiResponse.error(error.status(), ApiJson.write(ApiJson.error(error))));
    }
}
