package socketlab.grader.suites.threaded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import socketlab.grader.core.Exercise;
import socketlab.grader.core.Graded;
import socketlab.grader.core.Trace;
import socketlab.grader.harness.ServerUnderTest;
import socketlab.grader.harness.Text;
import socketlab.grader.sandbox.Sandbox;
import socketlab.grader.toxiproxy.TcpPath;
import socketlab.threaded.WebServer;

@Exercise(lab = "lab-threaded", id = "M3", title = "The multi-threaded web server (textbook web server lab)")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebServerTest {

    private static final String HOST = "127.0.0.1";
    private static final Duration REPLY_WAIT = Duration.ofSeconds(5);


    @Order(1)
    @Graded(points = 2)
    @DisplayName("GET of a file: 200 OK with Content-Type, Content-Length and the file's exact bytes")
    void servesFilesWithHeaders() throws Exception {
        try (WebRoot www = WebRoot.create(Trace.current().seed(), false);
             var server = ServerUnderTest.start(() -> new WebServer(0, www.root()), WebServer::serve)) {
            int port = server.program().port();
            for (String[] file : List.of(new String[] {"index.html", "text/html"}, new String[] {"notes.txt", "text/plain"},
                    new String[] {"logo.png", "image/png"})) {
                String name = file[0];
                byte[] expected = www.read(name);
                HttpClientProbe.Response response = HttpClientProbe.exchange(HOST, port,
                        "GET /" + name + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n", deadline(REPLY_WAIT), true);
                assertThat(response.problem()).as("the response to GET /" + name + " (a status line, headers and an empty line)").isNull();
                assertThat(response.statusLine()).as("the status line for GET /" + name).matches("HTTP/1\\.[01] 200 .*");
                assertThat(response.header("Content-Type")).as("the Content-Type header for /" + name).startsWith(file[1]);
                assertThat(response.header("Content-Length")).as("the Content-Length header for /" + name + " (the file's size in bytes)")
                        .isEqualTo(String.valueOf(expected.length));
                assertThat(response.body()).as("the body for /" + name + " (the file's " + expected.length + " bytes, exactly)")
                        .isEqualTo(expected);
            }
        }
    }

    @Order(2)
    @Graded(points = 4, timeoutSeconds = 45)
    @DisplayName("20 simultaneous downloads of a 1 MB file all arrive complete, while another client's download is stalled")
    void manySimultaneousDownloads() throws Exception {
        int clients = 20;
        try (WebRoot www = WebRoot.create(Trace.current().seed(), true);
             var server = ServerUnderTest.start(() -> new WebServer(0, www.root()), WebServer::serve)) {
            int port = server.program().port();
            byte[] expected = www.read("big.bin");
            Files.write(www.root().resolve("huge.bin"), new byte[STALLED_SIZE]);
            Sandbox.openForReading(www.root());
            try (Socket stalled = stalledDownload(port)) {
                Crowd.Result<Void> crowd = Crowd.run(clients, deadline(Duration.ofSeconds(25)), client -> until -> {
                    HttpClientProbe.Response r = HttpClientProbe.exchange(HOST, port, "GET /big.bin HTTP/1.0\r\n\r\n", until, false);
                    if (r.problem() != null || r.status() != 200) {
                        throw new Crowd.Problem("got " + r.summary());
                    }
                    if (!Arrays.equals(r.body(), expected)) {
                        throw new Crowd.Problem("got " + r.body().length + " body bytes that differ from the file's " + expected.length);
                    }
                    return null;
                });
                Trace.current().wire("⇄ meanwhile " + clients + " clients sent GET /big.bin (" + expected.length + " bytes, random"
                        + " from seed " + Trace.current().seed() + ") at once: " + (clients - crowd.failed().size()) + " received the"
                        + " whole file in " + crowd.tookMillis() + " ms" + (crowd.failed().isEmpty() ? "" : " (" + crowd.firstProblems(3) + ")"));
                assertThat(crowd.failed().size()).as("how many of " + clients + " simultaneous downloads did not get 200 OK and the"
                        + " file's exact " + expected.length + " bytes within 25 s, while one client's download of a "
                        + STALLED_SIZE / (1 << 20) + " MB file was stalled (it reads nothing, so the server's write to it blocks"
                        + " once the socket's buffers are full). A server that serves one request at a time is stuck in that"
                        + " write: run each HttpRequest on its own thread (TODO 3 in WebServer)").isZero();
            }
        }
    }

    /** Big enough that the socket buffers (a few MB at most) cannot take it all: the server's write blocks. */
    private static final int STALLED_SIZE = 16 << 20;

    /**
     * A client that asks for the huge file, reads its status line (so the server is writing the file to it), then reads
     * nothing more, with a small receive buffer.
     */
    private static Socket stalledDownload(int port) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(8 * 1024); // before connecting: the window it offers stays small
        socket.connect(new InetSocketAddress(HOST, port), 5000);
        socket.setSoTimeout((int) REPLY_WAIT.toMillis());
        socket.getOutputStream().write("GET /huge.bin HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        byte[] start = socket.getInputStream().readNBytes(12);
        Trace.current().wire("⇄ a client sent GET /huge.bin (" + STALLED_SIZE / (1 << 20) + " MB) and read only "
                + Text.quote(new String(start, StandardCharsets.US_ASCII)) + "; then it reads nothing more");
        return socket;
    }

    @Order(3)
    @Graded(points = 3, timeoutSeconds = 30)
    @DisplayName("a client that stops halfway through its request does not hold up 10 others")
    void slowClientDoesNotBlockOthers() throws Exception {
        try (WebRoot www = WebRoot.create(Trace.current().seed(), false);
             var server = ServerUnderTest.start(() -> new WebServer(0, www.root()), WebServer::serve);
             HttpClientProbe slow = HttpClientProbe.connect(HOST, server.program().port(), true)) {
            int port = server.program().port();
            byte[] page = www.read("index.html");
            slow.send("GET /index.html HTTP/1.0\r\nUser-Ag");
            Crowd.Result<Void> crowd = Crowd.run(10, deadline(Duration.ofSeconds(8)), client -> until -> {
                HttpClientProbe.Response r = HttpClientProbe.exchange(HOST, port, "GET /index.html HTTP/1.0\r\n\r\n", until, false);
                if (r.status() != 200 || !Arrays.equals(r.body(), page)) {
                    throw new Crowd.Problem("got " + r.summary());
                }
                return null;
            });
            Trace.current().wire("⇄ meanwhile 10 other clients sent GET /index.html: " + (10 - crowd.failed().size())
                    + " got 200 OK and the page within 8 s" + (crowd.failed().isEmpty() ? "" : " (" + crowd.firstProblems(3) + ")"));
            assertThat(crowd.failed().size()).as("how many of 10 clients were not served within 8 s while one client had sent half a"
                    + " request and paused. A server that handles one request at a time is still reading that client's headers:"
                    + " run each HttpRequest on its own thread (TODO 3 in WebServer)").isZero();

            slow.send("ent: slowpoke\r\n\r\n");
            HttpClientProbe.Response late = slow.readResponse(deadline(REPLY_WAIT));
            assertThat(late.status()).as("the status of the slow client's response, once its request was complete").isEqualTo(200);
            assertThat(late.body()).as("the slow client's page").isEqualTo(page);
        }
    }

    @Order(4)
    @Graded(points = 1, timeoutSeconds = 30)
    @DisplayName("a request that arrives in 3-byte pieces (slicer toxic) is still answered")
    void requestInPiecesIsAnswered() throws Exception {
        try (WebRoot www = WebRoot.create(Trace.current().seed(), false);
             var server = ServerUnderTest.start(() -> new WebServer(0, www.root()), WebServer::serve);
             TcpPath path = TcpPath.to(server.program().port())) {
            path.slicer(3, 0, Duration.ofMillis(15));
            HttpClientProbe.Response response = HttpClientProbe.exchange(path.host(), path.port(),
                    "GET /sub/page.html HTTP/1.0\r\nHost: 127.0.0.1\r\nUser-Agent: socketlab-grader\r\n\r\n", deadline(Duration.ofSeconds(10)), true);
            assertThat(response.status()).as("the status for GET /sub/page.html, whose request reached the server 3 bytes at a"
                    + " time (TCP is a byte stream: read lines, not single read() calls)").isEqualTo(200);
            assertThat(response.body()).as("the body of /sub/page.html").isEqualTo(www.read("sub/page.html"));
        }
    }

    @Order(5)
    @Graded(points = 1)
    @DisplayName("a missing file gets 404 Not Found, and the server carries on")
    void missingFileIs404() throws Exception {
        try (WebRoot www = WebRoot.create(Trace.current().seed(), false);
             var server = ServerUnderTest.start(() -> new WebServer(0, www.root()), WebServer::serve)) {
            int port = server.program().port();
            HttpClientProbe.Response missing = HttpClientProbe.exchange(HOST, port, "GET /no-such-page.html HTTP/1.0\r\n\r\n",
                    deadline(REPLY_WAIT), true);
            assertThat(missing.statusLine()).as("the status line for a file that does not exist").matches("HTTP/1\\.[01] 404 .*");
            HttpClientProbe.Response after = HttpClientProbe.exchange(HOST, port, "GET /index.html HTTP/1.0\r\n\r\n", deadline(REPLY_WAIT), true);
            assertThat(after.status()).as("the status for GET /index.html right after the 404").isEqualTo(200);
        }
    }

    @Order(6)
    @Graded(points = 1)
    @DisplayName("malformed requests get 400 Bad Request, and the server carries on")
    void malformedRequestsAre400() throws Exception {
        try (WebRoot www = WebRoot.create(Trace.current().seed(), false);
             var server = ServerUnderTest.start(() -> new WebServer(0, www.root()), WebServer::serve)) {
            int port = server.program().port();
            for (String bad : List.of("HELLO\r\n\r\n", "GET /index.html\r\n\r\n", "GET index.html HTTP/1.0\r\n\r\n",
                    "GET /index.html HTTP/1.0 please\r\n\r\n", "GET /index.html FTP/1.0\r\n\r\n",
                    "GET /index.html HTTP/1.0\r\nthis header has no colon\r\n\r\n")) {
                HttpClientProbe.Response response = HttpClientProbe.exchange(HOST, port, bad, deadline(REPLY_WAIT), true);
                assertThat(response.statusLine()).as("the status line for the malformed request "
                        + Text.quote(bad) + " (a request line is METHOD /path HTTP/x.y)").matches("HTTP/1\\.[01] 400 .*");
            }
            HttpClientProbe.Response after = HttpClientProbe.exchange(HOST, port, "GET /index.html HTTP/1.0\r\n\r\n", deadline(REPLY_WAIT), true);
            assertThat(after.status()).as("the status for a good GET /index.html after the malformed ones").isEqualTo(200);
        }
    }

    @Order(7)
    @Graded(points = 1)
    @DisplayName("no file outside the web root, whatever the path: .., %2e%2e, %2f, //absolute")
    void neverServesFilesOutsideTheWebRoot() throws Exception {
        try (WebRoot www = WebRoot.create(Trace.current().seed(), false);
             var server = ServerUnderTest.start(() -> new WebServer(0, www.root()), WebServer::serve)) {
            int port = server.program().port();
            String absolute = "/" + www.base().resolve("secret.txt").toAbsolutePath();
            for (String target : List.of("/../secret.txt", "/sub/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt",
                    "/..%2fsecret.txt", "/%2e%2e%2fsecret.txt", "/sub/%2e%2e/%2e%2e/secret.txt", "/../www-private/secret.txt",
                    "/%2e%2e/www-private/secret.txt",
                    absolute, "/%2e%2e%5csecret.txt")) {
                HttpClientProbe.Response response = HttpClientProbe.exchange(HOST, port, "GET " + target + " HTTP/1.0\r\n\r\n",
                        deadline(REPLY_WAIT), true);
                assertThat(response.bodyText()).as("the body for GET " + target + ": it must not be the secret file outside the web"
                        + " root (decode %xx first, then resolve and normalize() the path, and check it still starts with the web"
                        + " root, as a Path, not as a String)").doesNotContain(www.secret());
                assertThat(response.statusLine()).as("the status line for GET " + target + " (a path that leaves the web root: 400,"
                        + " 403 or 404)").matches("HTTP/1\\.[01] 40[034] .*");
            }
        }
    }

    private static long deadline(Duration wait) {
        return System.nanoTime() + TimeUnit.NANOSECONDS.convert(wait);
    }
}
