package socketlab.grader.suites.web;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import socketlab.grader.core.Trace;
import socketlab.grader.harness.Text;

/**
 * The grader's HTTP/1.0 client: sends a request exactly as written (so it can be malformed on
 * purpose), reads the response until the server closes the connection, and splits it into status
 * line, headers and body. Traced clients write what they sent and got into the test's feedback.
 */
public final class HttpClientProbe implements Closeable {

    private static final int CONNECT_MILLIS = 5000;

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

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final boolean traced;

    private HttpClientProbe(String host, int port, boolean traced) throws IOException {
        this.traced = traced;
        socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), CONNECT_MILLIS);
            socket.setTcpNoDelay(true);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        } catch (IOException e) {
            socket.close();
            if (traced) {
                Trace.current().wire("× could not connect to " + host + ":" + port + ": " + e.getMessage());
            }
            throw e;
        }
    }

    public static HttpClientProbe connect(String host, int port, boolean traced) throws IOException {
        return new HttpClientProbe(host, port, traced);
    }

    /** One whole exchange on a new connection: sends {@code request}, returns the response. */
    public static Response exchange(String host, int port, String request, long deadlineNanos, boolean traced) throws IOException {
        try (HttpClientProbe probe = connect(host, port, traced)) {
            probe.send(request);
            return probe.readResponse(deadlineNanos);
        }
    }

    /** A request with a body: what came back before the body had all been sent (null if nothing), and the response. */
    public record BodyExchange(Response tooEarly, Response response) {

        /** What came back too early, in words: "nothing", as it should be. */
        public String tooEarlyText() {
            return tooEarly == null ? "nothing" : tooEarly.summary();
        }
    }

    /**
     * A request with a body, sent as an uploading client sends it: the head and the first half of the body in
     * one write; then, after {@code pause}, in which nothing may come back (the request is not over yet), the
     * rest; then the response is read. A server that answers without reading the body answers in the pause.
     */
    public static BodyExchange exchangeWithBody(String host, int port, String head, byte[] body, Duration pause) throws IOException {
        try (HttpClientProbe client = connect(host, port, true)) {
            byte[] headBytes = head.getBytes(StandardCharsets.UTF_8);
            int half = body.length / 2;
            byte[] first = Arrays.copyOf(headBytes, headBytes.length + half);
            System.arraycopy(body, 0, first, headBytes.length, half);
            CountDownLatch restMayGo = new CountDownLatch(1);
            Thread sender = new Thread(() -> {
                try {
                    client.out.write(first);
                    client.out.flush();
                    if (restMayGo.await(10, TimeUnit.SECONDS)) {
                        client.out.write(body, half, body.length - half);
                        client.out.flush();
                    }
                } catch (IOException | InterruptedException e) {
                    // the server closed the connection: what came back says the rest
                }
            }, "http-body-sender");
            sender.setDaemon(true);
            sender.start();
            if (client.traced) {
                Trace.current().wire("→ sent " + Text.quote(head) + " and the first " + half + " bytes of its " + body.length + "-byte body");
            }
            Received early = client.receive(System.nanoTime() + pause.toNanos());
            restMayGo.countDown();
            if (early.bytes().length > 0) {
                Response tooEarly = parse(early.bytes(), early.ending());
                if (client.traced) {
                    Trace.current().wire("← before the rest of the body was sent: " + tooEarly.summary());
                }
                return new BodyExchange(tooEarly, tooEarly);
            }
            try {
                sender.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (client.traced) {
                Trace.current().wire("  (nothing came back in " + pause.toMillis() + " ms, as it should: the request was not over)");
                Trace.current().wire("→ sent the other " + (body.length - half) + " bytes of the body");
            }
            return new BodyExchange(null, client.readResponse(System.nanoTime() + TimeUnit.SECONDS.toNanos(10)));
        }
    }

    /** Sends {@code raw} as UTF-8 (ASCII, for all but a target with a raw UTF-8 name in it). */
    public void send(String raw) throws IOException {
        out.write(raw.getBytes(StandardCharsets.UTF_8));
        out.flush();
        if (traced) {
            Trace.current().wire("→ sent " + Text.quote(raw));
        }
    }

    /** Sends a request's body, traced by its size only. */
    public void sendBody(byte[] body) throws IOException {
        out.write(body);
        out.flush();
        if (traced) {
            Trace.current().wire("→ sent a body of " + body.length + " bytes");
        }
    }

    /** Closes our sending direction (a FIN): the server reads the end of the stream after what we sent. */
    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
        if (traced) {
            Trace.current().wire("→ closed our sending side (FIN)");
        }
    }

    /** Reads until the server closes the connection (HTTP/1.0) or the deadline passes, then parses. */
    public Response readResponse(long deadlineNanos) {
        Received received = receive(deadlineNanos);
        Response response = parse(received.bytes(), received.ending());
        if (traced) {
            Trace.current().wire("← " + response.summary() + (received.ending() == null || response.problem() != null ? ""
                    : " (" + received.ending() + ")"));
        }
        return response;
    }

    /** What came until the server closed the connection (ending null) or the deadline passed, or the connection broke. */
    private record Received(byte[] bytes, String ending) {
    }

    private Received receive(long deadlineNanos) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[16384];
        String ending;
        try {
            while (true) {
                long left = (deadlineNanos - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    throw new SocketTimeoutException();
                }
                socket.setSoTimeout((int) left);
                int n = in.read(buffer);
                if (n == -1) {
                    ending = null;
                    break;
                }
                all.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            ending = "the connection was still open at the deadline";
        } catch (IOException e) {
            ending = "the connection failed: " + e.getMessage();
        }
        return new Received(all.toByteArray(), ending);
    }

    private static Response parse(byte[] bytes, String ending) {
        int end = indexOf(bytes, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        if (bytes.length == 0) {
            return new Response(null, Map.of(), bytes, "no response at all (" + (ending == null ? "the server closed the connection" : ending) + ")");
        }
        if (end < 0) {
            return new Response(null, Map.of(), bytes, Text.quote(new String(bytes, StandardCharsets.ISO_8859_1))
                    + " (" + bytes.length + " bytes, no empty line \\r\\n\\r\\n ending the headers"
                    + (ending == null ? "" : "; " + ending) + ")");
        }
        String[] lines = new String(bytes, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
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

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // gone either way
        }
    }
}
