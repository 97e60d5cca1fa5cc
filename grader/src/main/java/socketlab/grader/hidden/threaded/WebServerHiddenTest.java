package socketlab.grader.hidden.threaded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import socketlab.grader.core.Exercise;
import socketlab.grader.core.Graded;
import socketlab.grader.core.Trace;
import socketlab.grader.harness.ServerUnderTest;
import socketlab.grader.harness.Text;
import socketlab.grader.suites.threaded.HttpClientProbe;
import socketlab.grader.suites.threaded.WebRoot;
import socketlab.threaded.WebServer;

@Exercise(lab = "lab-threaded", id = "M3", title = "The multi-threaded web server (textbook web server lab)", hidden = true)
class WebServerHiddenTest {

    private static final String HOST = "127.0.0.1";
    private static final Duration REPLY_WAIT = Duration.ofSeconds(5);

    /**
     * The visible suite sends only GETs (its malformed requests are malformed whatever the method), so a
     * request-line check that also insists on GET, answering every other method 400, passes it.
     */
    @Graded(points = 1)
    @DisplayName("a method other than GET (HEAD, POST, DELETE) gets 501 Not Implemented with an HTML body, and the server carries on")
    void otherMethodsAre501() throws Exception {
        try (WebRoot www = WebRoot.create(Trace.current().seed(), false);
             var server = ServerUnderTest.start(() -> new WebServer(0, www.root()), WebServer::serve)) {
            int port = server.program().port();
            for (String request : List.of("HEAD /index.html HTTP/1.0\r\n\r\n", "POST /index.html HTTP/1.0\r\nContent-Length: 0\r\n\r\n",
                    "DELETE /notes.txt HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")) {
                String method = request.substring(0, request.indexOf(' '));
                HttpClientProbe.Response response = HttpClientProbe.exchange(HOST, port, request, deadline(REPLY_WAIT), true);
                assertThat(response.problem()).as("the response to the well-formed " + method + " request " + Text.quote(request)
                        + " (a status line, headers and an empty line)").isNull();
                assertThat(response.statusLine()).as("the status line for " + Text.quote(request) + ": the request line is well formed"
                        + " (METHOD /target HTTP/x.y), only its method is not GET, which the handout answers 501 Not Implemented,"
                        + " not 400 Bad Request").matches("HTTP/1\\.[01] 501 .*");
                assertThat(response.header("Content-Type")).as("the Content-Type header of the 501 response to " + method
                        + " (every error response has a short HTML body)").startsWith("text/html");
                assertThat(response.header("Content-Length")).as("the Content-Length header of the 501 response to " + method
                        + " (the size of the HTML body that follows, " + response.body().length + " bytes)")
                        .isEqualTo(String.valueOf(response.body().length));
            }
            HttpClientProbe.Response after = HttpClientProbe.exchange(HOST, port, "GET /index.html HTTP/1.0\r\n\r\n", deadline(REPLY_WAIT), true);
            assertThat(after.status()).as("the status for a GET /index.html after the 501s").isEqualTo(200);
            assertThat(after.body()).as("the body for GET /index.html after the 501s").isEqualTo(www.read("index.html"));
        }
    }

    /**
     * The visible suite sends %-escapes only in paths that must be refused, and accepts 404 for them: a
     * server that never decodes the target (it looks for a file literally named "%2e%2e") passes it.
     * Here the escapes name files that are there.
     */
    @Graded(points = 1)
    @DisplayName("%-escapes in a target are decoded before the file is looked up: /my%20notes.txt and /sub%2Fpage.html are served")
    void escapedTargetsAreDecoded() throws Exception {
        try (WebRoot www = WebRoot.create(Trace.current().seed(), false);
             var server = ServerUnderTest.start(() -> new WebServer(0, www.root()), WebServer::serve)) {
            Files.writeString(www.root().resolve("my notes.txt"), "a file with a space in its name, seed " + Trace.current().seed() + "\n",
                    StandardCharsets.UTF_8);
            Trace.current().program("the web root has my notes.txt (a space in its name) and sub/page.html");
            int port = server.program().port();
            for (String[] target : List.of(new String[] {"/my%20notes.txt", "my notes.txt", "text/plain"},
                    new String[] {"/sub%2Fpage.html", "sub/page.html", "text/html"})) {
                byte[] expected = www.read(target[1]);
                HttpClientProbe.Response response = HttpClientProbe.exchange(HOST, port, "GET " + target[0] + " HTTP/1.0\r\n\r\n",
                        deadline(REPLY_WAIT), true);
                assertThat(response.statusLine()).as("the status line for GET " + target[0] + ": decoded (%20 is a space, %2F is /)"
                        + " it is /" + target[1] + ", a file in the web root, so 200 OK. Decode the target first (URLDecoder), then"
                        + " resolve it, normalize() it and check it is still inside the web root").matches("HTTP/1\\.[01] 200 .*");
                assertThat(response.header("Content-Type")).as("the Content-Type header for GET " + target[0]).startsWith(target[2]);
                assertThat(response.body()).as("the body for GET " + target[0] + " (the " + expected.length + " bytes of " + target[1] + ")")
                        .isEqualTo(expected);
            }
        }
    }

    private static long deadline(Duration wait) {
        return System.nanoTime() + TimeUnit.NANOSECONDS.convert(wait);
    }
}
