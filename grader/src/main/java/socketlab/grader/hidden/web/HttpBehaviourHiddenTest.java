package socketlab.grader.hidden.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import socketlab.grader.core.Graded;
import socketlab.grader.harness.HttpProbe;
import socketlab.grader.harness.Recording;
import socketlab.grader.suites.web.HttpBehaviourTest;
import socketlab.grader.suites.web.Site;
import socketlab.grader.suites.web.WebRoot;

/**
 * Instructor-only checks of the HTTP behaviour both web servers share (T3 and M3 extend this): what the
 * visible checks let through. Limits off by one, and a body whose Content-Length header is not spelled
 * the way the visible tests spell it.
 */
public abstract class HttpBehaviourHiddenTest {

    private static final String HOST = "127.0.0.1";

    /** Starts the lab's web server on {@code www}, each connection limited to {@code timeLimitMillis}. */
    protected abstract Site open(Path www, int timeLimitMillis) throws Exception;

    @Graded(points = 1)
    @DisplayName("exactly 100 header lines, and lines of 8092 bytes, are accepted")
    public void limitsAreInclusive() throws Exception {
        int near = HttpBehaviourTest.MAX_LINE_BYTES - 100;
        int headers = HttpBehaviourTest.MAX_HEADERS;
        try (WebRoot root = WebRoot.create();
                Site site = open(root.www(), HttpBehaviourTest.TIME_LIMIT_MILLIS)) {
            String request =
                    "GET /hello.txt?" + "q".repeat(near - "GET /hello.txt? HTTP/1.0".length()) + " HTTP/1.0\r\n"
                            + "X-Long: " + "x".repeat(near - "X-Long: ".length()) + "\r\n"
                            + "X-Header: 1\r\n".repeat(headers - 1) + "\r\n";
            HttpProbe.Response response = HttpProbe.exchange(HOST, site.port(), request, deadline(), Recording.TRACED);
            assertThat(response.statusLine())
                    .as("the status line for a request line of " + near + " bytes and exactly " + headers
                            + " header lines, one of them " + near + " bytes long: within the limits ("
                            + HttpBehaviourTest.MAX_LINE_BYTES
                            + " bytes, " + headers + " lines), so 200 OK")
                    .matches("HTTP/1\\.[01] 200 .*");
            assertThat(response.body()).as("the body: hello.txt").isEqualTo(root.read("hello.txt"));
        }
    }

    @Graded(points = 1, timeoutSeconds = 30)
    @DisplayName("a body announced as 'content-length:1048576' (any case, no space) is read first too")
    public void contentLengthInAnyCase() throws Exception {
        byte[] body = new byte[1024 * 1024];
        try (WebRoot root = WebRoot.create();
                Site site = open(root.www(), HttpBehaviourTest.TIME_LIMIT_MILLIS)) {
            HttpProbe.BodyExchange exchange = HttpProbe.exchangeWithBody(
                    HOST,
                    site.port(),
                    "GET /data.bin HTTP/1.0\r\ncontent-length:" + body.length + "\r\n\r\n",
                    body,
                    Duration.ofSeconds(1));
            assertThat(exchange.tooEarlyText())
                    .as("what came back while only half of the body announced as 'content-length:"
                            + body.length
                            + "' had been sent (header names are case-insensitive, and the space after the colon is"
                            + " optional)")
                    .isEqualTo("nothing");
            assertThat(exchange.response().body())
                    .as("the response's body: data.bin (" + exchange.response().summary() + ")")
                    .isEqualTo(root.read("data.bin"));
        }
    }

    private static long deadline() {
        return System.nanoTime() + 5_000_000_000L;
    }
}
