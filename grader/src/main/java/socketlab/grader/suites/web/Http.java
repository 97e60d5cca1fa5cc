package socketlab.grader.suites.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import socketlab.grader.core.Trace;
import socketlab.grader.harness.Text;

/** Requests from a real HTTP client (the JDK's java.net.http.HttpClient), recorded in the test's trace. */
public final class Http {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private Http() {}

    /** A response, or why there is none. */
    public record Response(int status, String contentType, Long contentLength, byte[] body, String failure) {

        public boolean arrived() {
            return failure == null;
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return failure != null
                    ? "no response: " + failure
                    : status + ", Content-Type " + contentType + ", Content-Length " + contentLength + ", "
                            + body.length + " body bytes";
        }
    }

    /** GET http://host:port{path} over HTTP/1.1 (the server answers in HTTP/1.0), with bounded waits. */
    public static Response get(String host, int port, String path) {
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path))
                .timeout(REQUEST_TIMEOUT)
                .GET()
                .build();
        Trace.current().wire("→ GET " + path + " to " + host + ":" + port + " (java.net.http.HttpClient)");
        try {
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            String type = response.headers().firstValue("Content-Type").orElse(null);
            Long length = response.headers()
                    .firstValue("Content-Length")
                    .map(Http::parseLong)
                    .orElse(null);
            Response result = new Response(response.statusCode(), type, length, response.body(), null);
            Trace.current()
                    .wire("← " + result
                            + (result.body.length <= 200 && isText(type) ? ": " + Text.quote(result.text()) : ""));
            return result;
        } catch (IOException e) {
            String why = e.getClass().getSimpleName() + ": " + e.getMessage();
            Trace.current().wire("← the HTTP client got no valid response: " + why);
            return new Response(0, null, null, new byte[0], why);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Response(0, null, null, new byte[0], "interrupted");
        }
    }

    private static Long parseLong(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1L;
        }
    }

    private static boolean isText(String type) {
        return type != null && (type.startsWith("text/") || type.contains("html"));
    }
}
