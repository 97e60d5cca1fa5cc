package socketlab.grader.harness;

import java.io.Closeable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import socketlab.grader.core.Trace;

/**
 * The grader's HTTP/1.0 client, on a quiet {@link TcpProbe}: sends a request exactly as written (so it can be
 * malformed on purpose), reads the response until the server closes the connection, and splits it into status
 * line, headers and body. A traced client writes what it sent and got into the test's feedback, in HTTP's terms
 * (the request as written, the response's summary); a quiet one, one of a crowd, writes nothing.
 */
public final class HttpProbe implements Closeable {

    /** A response as it came, or a problem (no status line, no end of headers, nothing in time). */
    public record Response(String statusLine, Map<String, String> headers, byte[] body, String problem) {

        /** The status code, or -1 if the status line is not "HTTP/x.y NNN ...". */
        public int status() {
            if (statusLine == null || !statusLine.matches("HTTP/\\d\\.\\d \\d{3}( .*)?")) {
                return -1;
            }
            return Integer.parseInt(statusLine.substring(9, 12));
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String bodyText() {
            return new String(body, StandardCharsets.ISO_8859_1);
        }

        /** One line for feedback: status line, the two headers that matter, body size or the problem. */
        public String summary() {
            if (problem != null) {
                return problem;
            }
            return Text.quote(statusLine) + ", Content-Type: " + header("Content-Type") + ", Content-Length: "
                    + header("Content-Length") + ", then " + body.length + " body bytes";
        }
    }

    /** A request with a body: what came back before the body had all been sent (null if nothing), and the response. */
    public record BodyExchange(Response tooEarly, Response response) {

        /** What came back too early, in words: "nothing", as it should be. */
        public String tooEarlyText() {
            return tooEarly == null ? "nothing" : tooEarly.summary();
        }
    }

    private final TcpProbe tcp;
    private final boolean traced;

    private HttpProbe(TcpProbe tcp, boolean traced) {
        this.tcp = tcp;
        this.traced = traced;
    }

    /** A connection to the web server at {@code host}:{@code port}. */
    public static HttpProbe connect(String host, int port, Recording recording) {
        boolean traced = recording == Recording.TRACED;
        try {
            return new HttpProbe(TcpProbe.quiet(host, port), traced);
        } catch (UncheckedIOException e) {
            note(traced, "× " + e.getMessage());
            throw e;
        }
    }

    /** One whole exchange on a new connection: sends {@code request}, returns the response. */
    public static Response exchange(String host, int port, String request, long deadlineNanos, Recording recording) {
        try (HttpProbe probe = connect(host, port, recording)) {
            return probe.send(request).readResponse(deadlineNanos);
        }
    }

    /**
     * A request with a body, sent as an uploading client sends it: the head and the first half of the body in
     * one write; then, after {@code pause}, in which nothing may come back (the request is not over yet), the
     * rest; then the response is read. A server that answers without reading the body answers in the pause.
     * Traced.
     */
    public static BodyExchange exchangeWithBody(String host, int port, String head, byte[] body, Duration pause) {
        try (HttpProbe client = connect(host, port, Recording.TRACED)) {
            byte[] headBytes = head.getBytes(StandardCharsets.UTF_8);
            int half = body.length / 2;
            byte[] first = Arrays.copyOf(headBytes, headBytes.length + half);
            System.arraycopy(body, 0, first, headBytes.length, half);
            CountDownLatch restMayGo = new CountDownLatch(1);
            Thread sender = new Thread(
                    () -> {
                        try {
                            client.tcp.send(first);
                            if (restMayGo.await(10, TimeUnit.SECONDS)) {
                                client.tcp.send(Arrays.copyOfRange(body, half, body.length));
                            }
                        } catch (UncheckedIOException | InterruptedException e) {
                            // the server closed the connection: what came back says the rest
                        }
                    },
                    "http-body-sender");
            sender.setDaemon(true);
            sender.start();
            client.note("→ sent " + Text.quote(head) + " and the first " + half + " bytes of its " + body.length
                    + "-byte body");
            TcpProbe.Received early = client.tcp.untilClosed(System.nanoTime() + pause.toNanos());
            restMayGo.countDown();
            if (early.bytes().length > 0) {
                Response tooEarly = parse(early.bytes(), ending(early));
                client.note("← before the rest of the body was sent: " + tooEarly.summary());
                return new BodyExchange(tooEarly, tooEarly);
            }
            try {
                sender.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            client.note("  (nothing came back in " + pause.toMillis() + " ms, as it should: the request was not over)");
            client.note("→ sent the other " + (body.length - half) + " bytes of the body");
            return new BodyExchange(null, client.readResponse(System.nanoTime() + TimeUnit.SECONDS.toNanos(10)));
        }
    }

    /** Sends {@code raw} as UTF-8 (ASCII, for all but a target with a raw UTF-8 name in it). */
    public HttpProbe send(String raw) {
        tcp.send(raw);
        note("→ sent " + Text.quote(raw));
        return this;
    }

    /** Sends a request's body, traced by its size only. */
    public HttpProbe sendBody(byte[] body) {
        tcp.send(body);
        note("→ sent a body of " + body.length + " bytes");
        return this;
    }

    /** Closes our sending direction (a FIN): the server reads the end of the stream after what we sent. */
    public HttpProbe shutdownOutput() {
        tcp.shutdownOutput();
        note("→ closed our sending side (FIN)");
        return this;
    }

    /** Reads until the server closes the connection (HTTP/1.0) or the deadline passes, then parses. */
    public Response readResponse(long deadlineNanos) {
        TcpProbe.Received received = tcp.untilClosed(deadlineNanos);
        String ending = ending(received);
        Response response = parse(received.bytes(), ending);
        note("← " + response.summary() + (ending == null || response.problem() != null ? "" : " (" + ending + ")"));
        return response;
    }

    /** How the response ended, if not by the server closing the connection (then null). */
    private static String ending(TcpProbe.Received received) {
        return switch (received.end()) {
            case TIMEOUT -> "the connection was still open at the deadline";
            case FAILED -> "the connection failed: " + received.failure();
            case TOO_MUCH ->
                "the grader stopped reading after " + received.bytes().length / (1024 * 1024)
                        + " MB with the connection still open";
            default -> null;
        };
    }

    static Response parse(byte[] bytes, String ending) {
        int end = indexOf(bytes, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        if (bytes.length == 0) {
            return new Response(
                    null,
                    Map.of(),
                    bytes,
                    "no response at all (" + (ending == null ? "the server closed the connection" : ending) + ")");
        }
        if (end < 0) {
            return new Response(
                    null,
                    Map.of(),
                    bytes,
                    Text.quote(new String(bytes, StandardCharsets.ISO_8859_1))
                            + " (" + bytes.length + " bytes, no empty line \\r\\n\\r\\n ending the headers"
                            + (ending == null ? "" : "; " + ending) + ")");
        }
        String[] lines = new String(bytes, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(
                        lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
        }
        return new Response(lines[0], headers, Arrays.copyOfRange(bytes, end + 4, bytes.length), null);
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private void note(String line) {
        note(traced, line);
    }

    private static void note(boolean traced, String line) {
        if (traced) {
            Trace.current().wire(line);
        }
    }

    @Override
    public void close() {
        tcp.close();
    }
}
