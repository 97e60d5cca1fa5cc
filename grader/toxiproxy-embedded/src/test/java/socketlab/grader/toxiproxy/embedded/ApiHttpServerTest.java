package socketlab.grader.toxiproxy.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.UnixOperatingSystemMXBean;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The API's HTTP server on its own, with short timeouts: hostile clients (stalled, silent, non-reading, oversized,
 * garbage, thousands at once) cost a buffer each and delay no one; every request gets Go's answer.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ApiHttpServerTest {
    private static final ApiHttpServer.Timeouts SHORT = new ApiHttpServer.Timeouts(
            Duration.ofMillis(400), Duration.ofMillis(400), Duration.ofMillis(400), Duration.ofMillis(600));

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable resource : open) {
            resource.close();
        }
    }

    /** Answers "METHOD PATH BODY-LENGTH". */
    private static final Function<ApiRequest, ApiResponse> ECHO = request ->
            ApiResponse.of(200, "text/plain", request.method() + " " + request.path() + " " + request.body().length);

    private ApiHttpServer server(Function<ApiRequest, ApiResponse> handler) throws IOException {
        ApiHttpServer server =
                ApiHttpServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), handler, SHORT);
        open.add(server);
        return server;
    }

    private Socket connect(ApiHttpServer server) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
        socket.setSoTimeout(10_000);
        open.add(socket);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** One answer: status line through body (by its Content-Length), or what came before the connection ended. */
    private static String answer(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            String text = head.toString(StandardCharsets.ISO_8859_1);
            if (text.endsWith("\r\n\r\n")) {
                int at = text.indexOf("Content-Length: ");
                if (at < 0) {
                    return text;
                }
                int length = Integer.parseInt(text.substring(at + 16, text.indexOf("\r\n", at)));
                return text + new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** True when the server closes the connection (EOF or reset) within 10 s. */
    private static boolean closedByServer(Socket socket) throws IOException {
        socket.setSoTimeout(10_000);
        try {
            while (socket.getInputStream().read(new byte[8192]) >= 0) {
                // drain anything still in flight
            }
            return true;
        } catch (java.net.SocketTimeoutException stillOpen) {
            return false;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }

    private static long apiThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(EngineThreads.PREFIX + "api"))
                .count();
    }

    @Test
    void thousandsOfStalledClientsHoldNoThreadAndDelayNoOne() throws IOException {
        ApiHttpServer server = server(ECHO);
        String[] partial = {
            "GET /vers",
            "GET /x HTTP/1.1\r\nHost: x\r\nX-A: ",
            "POST /x HTTP/1.1\r\nHost: x\r\n" + "Content-Length: 50\r\n\r\n{\"a\":",
            ""
        };
        for (int i = 0; i < 2000; i++) {
            send(connect(server), partial[i % partial.length]);
        }
        Socket client = connect(server);
        long start = System.nanoTime();
        send(client, "GET /ok HTTP/1.1\r\nHost: x\r\n\r\n");

        assertThat(answer(client)).startsWith("HTTP/1.1 200 OK\r\n").endsWith("GET /ok 0");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(apiThreads())
                .as("the server's threads with 2000 stalled clients")
                .isLessThanOrEqualTo(9);
    }

    @Test
    void thousandsOfStalledClientsAreCutOffAtTheReadTimeoutAndLeaveNoSocketBehind() throws IOException {
        ApiHttpServer server = server(ECHO);
        long descriptorsBefore = openDescriptors();
        List<Socket> stalled = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            Socket socket = connect(server);
            send(socket, "GET /never-finished HTTP/1.1\r\nHost: x\r\n");
            stalled.add(socket);
        }
        for (Socket socket : stalled) {
            assertThat(closedByServer(socket))
                    .as("a stalled client closed by the server")
                    .isTrue();
            socket.close();
        }
        if (descriptorsBefore >= 0) {
            assertThat(openDescriptors())
                    .as("open descriptors after 2000 stalled clients were cut off")
                    .isLessThan(descriptorsBefore + 20);
        }
        assertThat(apiThreads()).isLessThanOrEqualTo(9);
    }

    private static long openDescriptors() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix
                ? unix.getOpenFileDescriptorCount()
                : -1;
    }

    @Test
    void aRequestThatDoesNotArriveInTimeEndsItsConnection() throws IOException {
        Socket slow = connect(server(ECHO));
        send(slow, "GET /late HTTP/1.1\r\nHo");

        assertThat(closedByServer(slow))
                .as("closed after the 400 ms read timeout")
                .isTrue();
    }

    @Test
    void anIdleConnectionIsClosedAfterTheIdleTimeout() throws IOException {
        Socket client = connect(server(ECHO));
        send(client, "GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(answer(client)).endsWith("GET /a 0");

        assertThat(closedByServer(client)).isTrue();
    }

    @Test
    void aSlowHandlerGets503AndItsLateAnswerIsDropped() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ApiHttpServer server = server(request -> {
            if (request.path().equals("/slow")) {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return ApiResponse.of(200, "text/plain", "late");
            }
            return ECHO.apply(request);
        });
        Socket client = connect(server);
        send(client, "GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");

        assertThat(answer(client))
                .startsWith("HTTP/1.1 503 Service Unavailable\r\n")
                .contains("Content-Length: 0\r\n");
        release.countDown();
        send(client, "GET /next HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(answer(client))
                .as("the next answer on the connection, not the late one")
                .endsWith("GET /next 0");
    }

    @Test
    void aClientThatNeverReadsIsClosedAfterTheWriteTimeout() throws IOException {
        // More than the kernel buffers of both ends hold (a few MB each), so the server's writes stall.
        byte[] big = new byte[48 << 20];
        ApiHttpServer server = server(request -> new ApiResponse(
                200, "application/octet-stream", request.path().equals("/big") ? big : new byte[1], null, null));
        Socket client = connect(server);
        send(client, "GET /big HTTP/1.1\r\nHost: x\r\n\r\n");
        Socket other = connect(server);
        send(other, "GET /small HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(answer(other))
                .as("another client's answer while one does not read")
                .startsWith("HTTP/1.1 200");

        assertThat(closedByServer(client)).isTrue();
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws IOException {
        Socket client = connect(server(ECHO));
        send(
                client,
                "GET /1 HTTP/1.1\r\nHost: x\r\n\r\nPOST /2 HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
                        + "GET /3 HTTP/1.1\r\nHost: x\r\n\r\n");

        assertThat(answer(client)).endsWith("GET /1 0");
        assertThat(answer(client)).endsWith("POST /2 3");
        assertThat(answer(client)).endsWith("GET /3 0");
    }

    @Test
    void aRequestSentOneByteAtATimeIsServed() throws IOException {
        Socket client = connect(server(ECHO));
        client.setTcpNoDelay(true);
        for (char c : "POST /bytes HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}".toCharArray()) {
            send(client, String.valueOf(c));
        }

        assertThat(answer(client)).endsWith("POST /bytes 2");
    }

    @Test
    void expectContinueAndChunkedBodiesAreHonoured() throws IOException {
        Socket client = connect(server(ECHO));
        send(client, "POST /c HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nTransfer-Encoding: chunked\r\n\r\n");
        assertThat(answer(client)).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
        send(client, "5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nTrailer: x\r\n\r\n");

        assertThat(answer(client)).endsWith("POST /c 11");
    }

    @Test
    void oversizedRequestsAreRefusedAndTheirConnectionsClosed() throws IOException {
        ApiHttpServer server = server(ECHO);
        Socket hugeHead = connect(server);
        send(hugeHead, "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(70_000) + "\r\n\r\n");
        assertThat(answer(hugeHead)).startsWith("HTTP/1.1 431 Request Header Fields Too Large\r\n");
        assertThat(closedByServer(hugeHead)).isTrue();

        Socket hugeBody = connect(server);
        send(hugeBody, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\n\r\n");
        assertThat(answer(hugeBody))
                .startsWith("HTTP/1.1 400 Bad Request\r\n")
                .endsWith("{\"error\":\"bad request body: http: request body too large\",\"status\":400}\n");

        Socket hugeChunks = connect(server);
        send(hugeChunks, "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n200000\r\n");
        assertThat(answer(hugeChunks)).startsWith("HTTP/1.1 400 Bad Request\r\n");
    }

    @Test
    void garbageGetsGosOwnAnswers() throws IOException {
        ApiHttpServer server = server(ECHO);
        String[][] cases = {
            {"\u0000\u0001garbage\r\n\r\n", "HTTP/1.1 400 Bad Request\r\n"},
            {"GET /x HTTP/1.1\r\n\r\n", "HTTP/1.1 400 Bad Request: missing required Host header\r\n"},
            {
                "GET /x HTTP/9.9\r\nHost: x\r\n\r\n",
                "HTTP/1.1 505 HTTP Version Not Supported: unsupported protocol version"
            },
            {"POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", "HTTP/1.1 501 Not Implemented\r\n"},
            {"GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n", "HTTP/1.1 400 Bad Request\r\n"},
            {"GET /x HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n", "HTTP/1.1 400 Bad Request\r\n"},
        };
        for (String[] c : cases) {
            Socket client = connect(server);
            send(client, c[0]);
            assertThat(answer(client)).as("the answer to %s", c[0].strip()).startsWith(c[1]);
            assertThat(closedByServer(client)).isTrue();
        }
    }

    @Test
    void http10ClosesAfterItsAnswer() throws IOException {
        Socket client = connect(server(ECHO));
        send(client, "GET /old HTTP/1.0\r\n\r\n");

        assertThat(answer(client)).startsWith("HTTP/1.0 200 OK\r\n").endsWith("GET /old 0");
        assertThat(closedByServer(client)).isTrue();
    }

    @Test
    void closingStopsTheServersThreadsAndConnections() throws IOException {
        ApiHttpServer server = server(ECHO);
        Socket client = connect(server);
        send(client, "GET /x HTT");

        server.close();

        assertThat(closedByServer(client)).isTrue();
        assertThat(apiThreads()).isZero();
    }
}
