package socketlab.grader.suites.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import socketlab.grader.core.Exercise;
import socketlab.grader.core.Graded;
import socketlab.grader.harness.ServerUnderTest;
import socketlab.grader.harness.TcpProbe;
import socketlab.grader.harness.Text;
import socketlab.tcp.WebServer;

/**
 * T3: the textbook's web server lab, checked with a real HTTP client (java.net.http.HttpClient) and raw
 * sockets for what no real client sends. The impaired tests run through Toxiproxy's latency and slicer
 * toxics; the feedback names them, the seed and the command that reruns a test with that seed.
 */
@Exercise(lab = "lab-tcp", id = "T3", title = "A web server (the textbook's web server lab)")
class WebServerTest {

    private static final Duration RESPONSE_WAIT = Duration.ofSeconds(5);

    private static ServerUnderTest<WebServer> startServer(WebRoot root) throws Exception {
        return ServerUnderTest.start(() -> new WebServer(0, root.www()), WebServer::serve);
    }

    /** 200 with Content-Type, Content-Length and the file: only the header test asks for all of it. */
    private static void assertOk(Http.Response response, String path, String type, byte[] expected) {
        assertServed(response, path, expected);
        String what = "the response to GET " + path + " (" + response + ")";
        assertThat(response.contentType()).as(what + ": the Content-Type header").isNotNull().startsWith(type);
        assertThat(response.contentLength()).as(what + ": the Content-Length header (the file's size in bytes)")
                .isEqualTo((long) expected.length);
    }

    /** 200 and the file's bytes: a missing header costs the header test, not every test that fetches a file. */
    private static void assertServed(Http.Response response, String path, byte[] expected) {
        String what = "the response to GET " + path + " (" + response + ")";
        assertThat(response.failure()).as(what + ": the HTTP client could not read a response").isNull();
        assertThat(response.status()).as(what + ": the status code").isEqualTo(200);
        assertThat(response.body().length).as(what + ": the number of body bytes").isEqualTo(expected.length);
        assertThat(response.body()).as(what + ": the body, byte for byte, against the file").isEqualTo(expected);
    }

    /** Sends a raw request on its own connection and reads the response until the server closes it. */
    private static Http.Raw raw(int port, String request) {
        try (TcpProbe client = TcpProbe.connect(port)) {
            client.send(request);
            byte[] response = client.readAll(RESPONSE_WAIT);
            Http.Raw parsed = Http.Raw.parse(response);
            return parsed;
        }
    }

    @Graded(points = 2)
    @DisplayName("GET of a file: 200, Content-Type from its extension (txt, html, png, other), Content-Length, the file")
    void servesTextFile() throws Exception {
        try (WebRoot root = WebRoot.create(); var server = startServer(root)) {
            int port = server.program().port();
            assertOk(Http.get("127.0.0.1", port, "/hello.txt"), "/hello.txt", "text/plain",
                    WebRoot.HELLO.getBytes(StandardCharsets.UTF_8));
            assertOk(Http.get("127.0.0.1", port, "/sub/page.html"), "/sub/page.html", "text/html",
                    WebRoot.PAGE.getBytes(StandardCharsets.UTF_8));
            assertOk(Http.get("127.0.0.1", port, "/pics/logo.png"), "/pics/logo.png", "image/png", root.logo());
            assertOk(Http.get("127.0.0.1", port, "/data.bin"), "/data.bin", "application/octet-stream", root.data());
        }
    }

    @Graded(points = 1)
    @DisplayName("GET / serves index.html, and sub-folders work")
    void servesIndexAndSubFolder() throws Exception {
        try (WebRoot root = WebRoot.create(); var server = startServer(root)) {
            int port = server.program().port();
            assertServed(Http.get("127.0.0.1", port, "/"), "/", WebRoot.INDEX.getBytes(StandardCharsets.UTF_8));
            assertServed(Http.get("127.0.0.1", port, "/sub/page.html"), "/sub/page.html",
                    WebRoot.PAGE.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Graded(points = 2)
    @DisplayName("binary files byte for byte: a PNG image and 512 KB of data")
    void servesBinaryFiles() throws Exception {
        try (WebRoot root = WebRoot.create(); var server = startServer(root)) {
            int port = server.program().port();
            assertServed(Http.get("127.0.0.1", port, "/pics/logo.png"), "/pics/logo.png", root.logo());
            assertServed(Http.get("127.0.0.1", port, "/data.bin"), "/data.bin", root.data());
        }
    }

    @Graded(points = 1)
    @DisplayName("%-escapes in the target are decoded: /my%20notes.txt and /sub%2Fpage.html are served")
    void decodesEscapedTargets() throws Exception {
        try (WebRoot root = WebRoot.create(); var server = startServer(root)) {
            byte[] notes = ("a file with a space in its name, seed " + socketlab.grader.core.Trace.current().seed() + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            java.nio.file.Files.write(root.www().resolve("my notes.txt"), notes);
            socketlab.grader.sandbox.Sandbox.openForReading(root.www());
            int port = server.program().port();
            String[][] targets = {{"/my%20notes.txt", "my notes.txt"}, {"/sub%2Fpage.html", "sub/page.html"}};
            for (String[] target : targets) {
                byte[] expected = target[1].equals("my notes.txt") ? notes : WebRoot.PAGE.getBytes(StandardCharsets.UTF_8);
                Http.Raw response = raw(port, "GET " + target[0] + " HTTP/1.0\r\n\r\n");
                assertThat(response.status()).as("the status for GET " + target[0] + " (the status line was "
                        + Text.quote(response.statusLine()) + "): decoded (%20 is a space, %2F is /) it names /" + target[1]
                        + ", a file in the folder, so 200. Decode the target first, then map it to a file").isEqualTo(200);
                assertThat(response.body()).as("the body for GET " + target[0] + " (the " + expected.length + " bytes of "
                        + target[1] + ")").isEqualTo(expected);
            }
        }
    }

    @Graded(points = 1)
    @DisplayName("a missing file is 404 Not Found")
    void missingFileIs404() throws Exception {
        try (WebRoot root = WebRoot.create(); var server = startServer(root)) {
            int port = server.program().port();
            for (String path : new String[] {"/no-such-file.html", "/sub/missing.txt"}) {
                Http.Response response = Http.get("127.0.0.1", port, path);
                String what = "the response to GET " + path + " (" + response + ")";
                assertThat(response.failure()).as(what + ": the HTTP client could not read a response").isNull();
                assertThat(response.status()).as(what + ": the status code for a file that does not exist").isEqualTo(404);
            }
        }
    }

    @Graded(points = 2)
    @DisplayName("a malformed request is 400 Bad Request, and the server goes on")
    void malformedRequestIs400() throws Exception {
        String[][] malformed = {
            {"HELLO\r\n\r\n", "a request line that is one word"},
            {"GET /hello.txt\r\n\r\n", "a request line with no HTTP version"},
            {"GET /hello.txt HTTP/1.0 please\r\n\r\n", "a request line with four parts"},
            {"GET /hello.txt FTP/1.0\r\n\r\n", "a version that is not HTTP/x.y"},
            {"GET /hello.txt HTTP/1.0\r\nthis header has no colon\r\n\r\n", "a header line without a ':'"},
        };
        try (WebRoot root = WebRoot.create(); var server = startServer(root)) {
            int port = server.program().port();
            for (String[] request : malformed) {
                Http.Raw response = raw(port, request[0]);
                assertThat(response.status()).as("the status code for " + request[1] + ", " + Text.quote(request[0])
                        + " (the response's status line was " + Text.quote(response.statusLine()) + ")").isEqualTo(400);
            }
            assertServed(Http.get("127.0.0.1", port, "/hello.txt"), "/hello.txt after the malformed requests",
                    WebRoot.HELLO.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Graded(points = 2)
    @DisplayName("never a file outside the folder: .. and %2e%2e are refused")
    void neverServesOutsideTheFolder() throws Exception {
        try (WebRoot root = WebRoot.create(); var server = startServer(root)) {
            int port = server.program().port();
            String[] targets = {
                "/../secret.txt",
                "/sub/../../secret.txt",
                "/%2e%2e/secret.txt",
                "/%2E%2E%2Fsecret.txt",
                "/..%2fsecret.txt",
                "/sub/%2e%2e/%2e%2e/secret.txt",
                "/" + root.base().resolve("secret.txt").toAbsolutePath().toString().replace('\\', '/'),
            };
            for (String target : targets) {
                Http.Raw response = raw(port, "GET " + target + " HTTP/1.0\r\n\r\n");
                String what = "the response to GET " + target + " (secret.txt is in the folder above the web root; "
                        + "the status line was " + Text.quote(response.statusLine()) + ")";
                assertThat(response.bodyText()).as(what + ": the body must not be the secret file").doesNotContain(WebRoot.SECRET);
                assertThat(response.status()).as(what + ": the status code (400, 403 or 404)").isIn(400, 403, 404);
            }
        }
    }

    @Graded(points = 1, timeoutSeconds = 30)
    @DisplayName("latency toxic, 100 ms each way: text and a PNG")
    void servesThroughLatency() throws Exception {
        try (WebRoot root = WebRoot.create(); var server = startServer(root);
             ImpairedPath path = ImpairedPath.to(server.program().port())) {
            path.latencyBothWays(Duration.ofMillis(100), Duration.ofMillis(20));
            assertServed(Http.get(path.host(), path.port(), "/hello.txt"), "/hello.txt (through the latency toxic)",
                    WebRoot.HELLO.getBytes(StandardCharsets.UTF_8));
            assertServed(Http.get(path.host(), path.port(), "/pics/logo.png"), "/pics/logo.png (through the latency toxic)",
                    root.logo());
        }
    }

    @Graded(points = 2, timeoutSeconds = 30)
    @DisplayName("slicer toxic: the request arrives a few bytes at a time")
    void servesThroughSlicer() throws Exception {
        try (WebRoot root = WebRoot.create(); var server = startServer(root);
             ImpairedPath path = ImpairedPath.to(server.program().port())) {
            path.slicerUpstream(3, 2, Duration.ofMillis(1));
            assertServed(Http.get(path.host(), path.port(), "/hello.txt"), "/hello.txt (through the slicer toxic)",
                    WebRoot.HELLO.getBytes(StandardCharsets.UTF_8));
            assertServed(Http.get(path.host(), path.port(), "/pics/logo.png"), "/pics/logo.png (through the slicer toxic)",
                    root.logo());
        }
    }

    @Graded(points = 1)
    @DisplayName("clients that leave early do not stop the server")
    void survivesClientsThatLeave() throws Exception {
        try (WebRoot root = WebRoot.create(); var server = startServer(root)) {
            int port = server.program().port();
            try (TcpProbe quitter = TcpProbe.connect(port)) {
                quitter.shutdownOutput();
                quitter.closedWithin(RESPONSE_WAIT);
            }
            try (TcpProbe half = TcpProbe.connect(port)) {
                half.send("GET /hello.txt HTTP/1.0\r\nHost: loc");
                half.shutdownOutput();
                half.closedWithin(RESPONSE_WAIT);
            }
            assertServed(Http.get("127.0.0.1", port, "/hello.txt"), "/hello.txt after two clients left early",
                    WebRoot.HELLO.getBytes(StandardCharsets.UTF_8));
            assertThat(server.isServing()).as("the server is still serving").isTrue();
        }
    }
}
