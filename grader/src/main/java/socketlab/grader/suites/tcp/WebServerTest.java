package socketlab.grader.suites.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import socketlab.grader.core.Exercise;
import socketlab.grader.core.Graded;
import socketlab.grader.harness.ServerUnderTest;
import socketlab.grader.harness.TcpProbe;
import socketlab.grader.suites.web.Http;
import socketlab.grader.suites.web.HttpBehaviourTest;
import socketlab.grader.suites.web.Site;
import socketlab.grader.suites.web.WebRoot;
import socketlab.tcp.WebServer;

/**
 * T3: the textbook's web server lab. The behaviour it shares with lab-threaded's web server (the
 * handout's table) is checked by {@link HttpBehaviourTest}, the same checks for both, first; then a real
 * HTTP client through Toxiproxy's latency and slicer toxics, and clients that leave early.
 */
@Exercise(lab = "lab-tcp", id = "T3", title = "A web server (the textbook's web server lab)")
class WebServerTest extends HttpBehaviourTest {

    private static final Duration RESPONSE_WAIT = Duration.ofSeconds(5);

    @Override
    protected Site open(Path www, int timeLimitMillis) throws Exception {
        return Site.of(
                ServerUnderTest.start(() -> new WebServer(0, www, timeLimitMillis), WebServer::serve), WebServer::port);
    }

    @Override
    protected String readsTheBodyAt() {
        return "TODO 5 in WebServer";
    }

    @Override
    protected String timeLimitAt() {
        return "TODO 3 in WebServer";
    }

    @Graded(points = 1, timeoutSeconds = 30)
    @DisplayName("latency toxic, 100 ms each way: text and a PNG")
    void servesThroughLatency() throws Exception {
        try (WebRoot root = WebRoot.create();
                Site site = open(root.www(), HttpBehaviourTest.TIME_LIMIT_MILLIS);
                ImpairedPath path = ImpairedPath.to(site.port())) {
            path.latencyBothWays(Duration.ofMillis(100), Duration.ofMillis(20));
            assertOk(
                    Http.get(path.host(), path.port(), "/hello.txt"),
                    "/hello.txt (through the latency toxic)",
                    root.read("hello.txt"));
            assertOk(
                    Http.get(path.host(), path.port(), "/pics/logo.png"),
                    "/pics/logo.png (through the latency toxic)",
                    root.read("pics/logo.png"));
        }
    }

    @Graded(points = 2, timeoutSeconds = 30)
    @DisplayName("slicer toxic: the request arrives a few bytes at a time")
    void servesThroughSlicer() throws Exception {
        try (WebRoot root = WebRoot.create();
                Site site = open(root.www(), HttpBehaviourTest.TIME_LIMIT_MILLIS);
                ImpairedPath path = ImpairedPath.to(site.port())) {
            path.slicerUpstream(3, 2, Duration.ofMillis(1));
            assertOk(
                    Http.get(path.host(), path.port(), "/hello.txt"),
                    "/hello.txt (through the slicer toxic)",
                    root.read("hello.txt"));
            assertOk(
                    Http.get(path.host(), path.port(), "/pics/logo.png"),
                    "/pics/logo.png (through the slicer toxic)",
                    root.read("pics/logo.png"));
        }
    }

    @Graded(points = 1)
    @DisplayName("clients that leave early do not stop the server")
    void survivesClientsThatLeave() throws Exception {
        try (WebRoot root = WebRoot.create();
                Site site = open(root.www(), HttpBehaviourTest.TIME_LIMIT_MILLIS)) {
            try (TcpProbe quitter = TcpProbe.connect(site.port())) {
                quitter.shutdownOutput();
                quitter.closedWithin(RESPONSE_WAIT);
            }
            try (TcpProbe half = TcpProbe.connect(site.port())) {
                half.send("GET /hello.txt HTTP/1.0\r\nHost: loc");
                half.shutdownOutput();
                half.closedWithin(RESPONSE_WAIT);
            }
            assertOk(
                    Http.get("127.0.0.1", site.port(), "/hello.txt"),
                    "/hello.txt after two clients left early",
                    root.read("hello.txt"));
            assertThat(site.server().isServing())
                    .as("the server is still serving")
                    .isTrue();
        }
    }

    /**
     * 200 and the file's bytes: the headers are the shared header test's business (a missing one costs that test only).
     */
    private static void assertOk(Http.Response response, String path, byte[] expected) {
        String what = "the response to GET " + path + " (" + response + ")";
        assertThat(response.failure())
                .as(what + ": the HTTP client could not read a response")
                .isNull();
        assertThat(response.status()).as(what + ": the status code").isEqualTo(200);
        assertThat(response.body())
                .as(what + ": the body, byte for byte, against the file")
                .isEqualTo(expected);
    }
}
