package socketlab.grader.toxiproxy.embedded;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * An API answer as Go's net/http writes it: status, content type (null: none), body, and for a redirect its
 * location. {@code protocolError} marks the answers Go's server writes itself, before any handler, to a request it
 * cannot read ("HTTP/1.1 400 Bad Request", no Date, the connection closed after).
 */
record ApiResponse(int status, String contentType, byte[] body, String location, String protocolError) {
    static final String TEXT = "text/plain; charset=utf-8";

    static ApiResponse json(int status, String json) {
        return new ApiResponse(status, "application/json", bytes(json), null, null);
    }

    static ApiResponse of(int status, String contentType, String body) {
        return new ApiResponse(status, contentType, bytes(body), null, null);
    }

    /** Go's http.Error: text/plain whatever the text is (Toxiproxy's JSON errors included), plus a newline. */
    static ApiResponse error(int status, String text) {
        return new ApiResponse(status, TEXT, bytes(text + "\n"), null, null);
    }

    /** No body at all: 204, or gorilla/mux's bare 405. */
    static ApiResponse empty(int status) {
        return new ApiResponse(status, null, new byte[0], null, null);
    }

    /** gorilla/mux's answer to an unclean path: 301 to the cleaned one. */
    static ApiResponse movedTo(String location) {
        return new ApiResponse(301, null, new byte[0], location, null);
    }

    /** Go's own answer to an unreadable request, e.g. "400 Bad Request: missing required Host header". */
    static ApiResponse protocolError(int status, String detail) {
        String line = status + " " + reason(status) + (detail == null ? "" : ": " + detail);
        return new ApiResponse(status, TEXT, bytes(line), null, line);
    }

    boolean isProtocolError() {
        return protocolError != null;
    }

    /** Go's reason phrases for the statuses the API uses. */
    static String reason(int status) {
        return REASONS.getOrDefault(status, "Status " + status);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(100, "Continue"),
            Map.entry(200, "OK"),
            Map.entry(201, "Created"),
            Map.entry(204, "No Content"),
            Map.entry(301, "Moved Permanently"),
            Map.entry(400, "Bad Request"),
            Map.entry(403, "Forbidden"),
            Map.entry(404, "Not Found"),
            Map.entry(405, "Method Not Allowed"),
            Map.entry(409, "Conflict"),
            Map.entry(431, "Request Header Fields Too Large"),
            Map.entry(500, "Internal Server Error"),
            Map.entry(501, "Not Implemented"),
            Map.entry(503, "Service Unavailable"),
            Map.entry(505, "HTTP Version Not Supported"));
}
