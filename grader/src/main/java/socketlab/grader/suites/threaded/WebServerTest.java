package socketlab.grader.suites.threaded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import socketlab.grader.core.Exercise;
import socketlab.grader.core.Graded;
import socketlab.grader.core.Trace;
import socketlab.grader.harness.HttpProbe;
import socketlab.grader.harness.Recording;
import socketlab.grader.harness.ServerUnderTest;
import socketlab.grader.harness.TcpProbe;
import socketlab.grader.harness.Text;
import socketlab.grader.suites.web.HttpBehaviourTest;
import socketlab.grader.suites.web.Site;
import socketlab.grader.suites.web.WebRoot;
import socketlab.grader.toxiproxy.TcpPath;
import socketlab.threaded.WebServer;

/**
 * M3: lab-tcp's web server made concurrent. The behaviour the two share (the handout's table) is checked
 * by {@link HttpBehaviourTest}, the same checks as T3's, with the same points; what M3 adds is threads:
 * downloads side by side while one is stalled, a slow client that holds up nobody, a request in pieces. Those
 * carry the exercise's weight (10 points): a server without threads passes the shared checks, as T3's does.
 */
@Exercise(lab = "lab-threaded", id = "M3", title = "The multi-threaded web server (textbook web server lab)")
class WebServerTest extends HttpBehaviourTest {

    private static final String HOST = "127.0.0.1";
    private static final Duration REPLY_WAIT = Duration.ofSeconds(5);

    @Override
    protected Site open(Path www, int timeLimitMillis) throws Exception {
        return Site.of(
                ServerUnderTest.start(() -> new WebServer(0, www, timeLimitMillis), WebServer::serve), WebServer::port);
    }

    @Override
    protected String readsTheBodyAt() {
        return "TODO 3 in HttpRequest";
    }

    @Override
    protected String timeLimitAt() {
        return "TODO 1 in HttpRequest";
    }

    @Graded(points = 5, timeoutSeconds = 45)
    @DisplayName(
            "20 simultaneous downloads of a 1 MB file all arrive complete, while another client's download is stalled")
    void manySimultaneousDownloads() throws Exception {
        int clients = 20;
        try (WebRoot www = WebRoot.withBigFiles();
                Site site = open(www.www(), HttpBehaviourTest.TIME_LIMIT_MILLIS);
                TcpProbe stalled = stalledDownload(site.port(), www.read("huge.bin").length)) {
            int port = site.port();
            byte[] expected = www.read("big.bin");
            Crowd.Result<Void> crowd = Crowd.run(clients, deadline(Duration.ofSeconds(25)), client -> until -> {
                HttpProbe.Response r =
                        HttpProbe.exchange(HOST, port, "GET /big.bin HTTP/1.0\r\n\r\n", until, Recording.QUIET);
                if (r.problem() != null || r.status() != 200) {
                    throw new Crowd.Problem("got " + r.summary());
                }
                if (!Arrays.equals(r.body(), expected)) {
                    throw new Crowd.Problem(
                            "got " + r.body().length + " body bytes that differ from the file's " + expected.length);
                }
                return null;
            });
            Trace.current()
                    .wire("⇄ meanwhile " + clients + " clients sent GET /big.bin (" + expected.length + " bytes, random"
                            + " from seed " + Trace.current().seed() + ") at once: "
                            + (clients - crowd.failed().size()) + " received the"
                            + " whole file in " + crowd.tookMillis() + " ms"
                            + (crowd.failed().isEmpty() ? "" : " (" + crowd.firstProblems(3) + ")"));
            assertThat(crowd.failed().size())
                    .as("how many of " + clients + " simultaneous downloads did not get 200 OK and the"
                            + " file's exact " + expected.length
                            + " bytes within 25 s, while one client's download of huge.bin (8 MB) was"
                            + " stalled: it reads nothing, so the server's write to it blocks once the connection's "
                            + "buffers are full. A"
                            + " server that serves one request at a time is stuck in that write (until its 30 s time "
                            + "limit): run each"
                            + " HttpRequest on its own thread (TODO 3 in WebServer)")
                    .isZero();
        }
    }

    /**
     * A client that asks for huge.bin, reads the start of the response (so the server is writing the file to it), then
     * reads nothing more, with a small receive buffer: the server's write to it blocks.
     */
    private static TcpProbe stalledDownload(int port, int size) {
        TcpProbe probe = TcpProbe.quietWithSmallWindow(port, 8 * 1024);
        probe.send("GET /huge.bin HTTP/1.0\r\n\r\n");
        String start = probe.lineBy(System.nanoTime() + REPLY_WAIT.toNanos()).strip();
        Trace.current()
                .wire("⇄ a client sent GET /huge.bin (" + size / (1 << 20) + " MB), read only " + Text.quote(start)
                        + ", and then reads nothing more");
        return probe;
    }

    @Graded(points = 4, timeoutSeconds = 30)
    @DisplayName("a client that stops halfway through its request does not hold up 10 others")
    void slowClientDoesNotBlockOthers() throws Exception {
        try (WebRoot www = WebRoot.create();
                Site site = open(www.www(), HttpBehaviourTest.TIME_LIMIT_MILLIS);
                HttpProbe slow = HttpProbe.connect(HOST, site.port(), Recording.TRACED)) {
            int port = site.port();
            byte[] page = www.read("index.html");
            slow.send("GET /index.html HTTP/1.0\r\nUser-Ag");
            Crowd.Result<Void> crowd = Crowd.run(10, deadline(Duration.ofSeconds(8)), client -> until -> {
                HttpProbe.Response r =
                        HttpProbe.exchange(HOST, port, "GET /index.html HTTP/1.0\r\n\r\n", until, Recording.QUIET);
                if (r.status() != 200 || !Arrays.equals(r.body(), page)) {
                    throw new Crowd.Problem("got " + r.summary());
                }
                return null;
            });
            Trace.current()
                    .wire("⇄ meanwhile 10 other clients sent GET /index.html: "
                            + (10 - crowd.failed().size()) + " got 200 OK and the page within 8 s"
                            + (crowd.failed().isEmpty() ? "" : " (" + crowd.firstProblems(3) + ")"));
            assertThat(crowd.failed().size())
                    .as("how many of 10 clients were not served within 8 s while one client had sent half a"
                            + " request and paused. A server that handles one request at a time is still reading "
                            + "that client's headers:"
                            + " run each HttpRequest on its own thread (TODO 3 in WebServer)")
                    .isZero();

            slow.send("ent: slowpoke\r\n\r\n");
            HttpProbe.Response late = slow.readResponse(deadline(REPLY_WAIT));
            assertThat(late.status())
                    .as("the status of the slow client's response, once its request was complete")
                    .isEqualTo(200);
            assertThat(late.body()).as("the slow client's page").isEqualTo(page);
        }
    }

    @Graded(points = 1, timeoutSeconds = 30)
    @DisplayName("a request that arrives in 3-byte pieces (slicer toxic) is still answered")
    void requestInPiecesIsAnswered() throws Exception {
        try (WebRoot www = WebRoot.create();
                Site site = open(www.www(), HttpBehaviourTest.TIME_LIMIT_MILLIS);
                TcpPath path = TcpPath.to(site.port())) {
            path.slicer(3, 0, Duration.ofMillis(15));
            HttpProbe.Response response = HttpProbe.exchange(
                    path.host(),
                    path.port(),
                    "GET /sub/page.html HTTP/1.0\r\nHost: 127.0.0.1\r\nUser-Agent: socketlab-grader\r\n\r\n",
                    deadline(Duration.ofSeconds(10)),
                    Recording.TRACED);
            assertThat(response.status())
                    .as("the status for GET /sub/page.html, whose request reached the server 3 bytes at a"
                            + " time (TCP is a byte stream: read lines, not single read() calls)")
                    .isEqualTo(200);
            assertThat(response.body()).as("the body of /sub/page.html").isEqualTo(www.read("sub/page.html"));
        }
    }

    private static long deadline(Duration wait) {
        return System.nanoTime() + TimeUnit.NANOSECONDS.convert(wait);
    }
}
