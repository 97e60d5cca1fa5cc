package socketlab.grader.suites.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.DisplayName;
import socketlab.grader.core.Graded;
import socketlab.grader.core.Trace;
import socketlab.grader.harness.HttpProbe;
import socketlab.grader.harness.Recording;
import socketlab.grader.harness.Text;

/**
 * The HTTP behaviour both web servers share, lab-tcp's single-threaded one (T3) and lab-threaded's
 * (M3): the handouts' table ({@link #TABLE}), checked. Each lab's suite extends this class, so it runs
 * every check here against its own server with the same points, before its own tests; what M3 adds,
 * threads, its suite checks on its own.
 */
public abstract class HttpBehaviourTest {

    /** How long one connection may last, as both handouts say (TIME_LIMIT_MILLIS in each lab). */
    public static final int TIME_LIMIT_MILLIS = 30_000;
    /** The longest request or header line, and the most header lines, as both handouts say. */
    public static final int MAX_LINE_BYTES = 8192;

    public static final int MAX_HEADERS = 100;

    /**
     * The table both handouts show (lab-tcp/README.md and lab-threaded/README.md, between
     * {@link #TABLE_BEGIN} and {@link #TABLE_END}): every answer, decided once. HttpBehaviourTableTest
     * checks the copies.
     */
    public static final String TABLE = """
            | The request | The answer |
            |---|---|
            | `GET /hello.txt HTTP/1.0`: a file in the folder | `200 OK`, `Content-Type` from the extension (html, txt, css, js, json, png, jpg, gif, svg, ico, pdf; anything else `application/octet-stream`), `Content-Length`, and the file's bytes as they are |
            | `GET / HTTP/1.0`, `GET /sub/ HTTP/1.0`, `GET /sub HTTP/1.0`: a folder | its `index.html`; `404 Not Found` if it has none |
            | `GET /my%20notes.txt`, `GET /sub%2Fpage.html`, `GET /%E4%BD%A0%E5%A5%BD.txt`, `GET /你好.txt` (raw UTF-8), `GET /hello.txt?lang=en`, `GET //sub//page.html` | the target is decoded first: `%xx` escapes as UTF-8 bytes (a `+` stays a `+`), raw UTF-8 as it is, the `?query` dropped, empty segments skipped; then as above |
            | `HEAD /hello.txt HTTP/1.0` | the status and headers `GET` would get, and no body (HTTP/1.0, RFC 1945 §8.2); the same for every error below |
            | a request with a body, `Content-Length: 1000000` | the server reads the body (and throws it away) before it answers, then answers as it would without it |
            | `GET /no-such-file.html HTTP/1.0` | `404 Not Found` |
            | `GET /../secret.txt`, `/%2e%2e/secret.txt`, `/..%2fsecret.txt`, `/../www-private/secret.txt`, a symbolic link that leads out, a file the server may not read | `403 Forbidden`, never a byte of the file |
            | `POST /hello.txt HTTP/1.0` (its body is read first), `PUT`, `DELETE`, `get`, `OPTIONS * HTTP/1.1`: any method but `GET` and `HEAD` | `501 Not Implemented` |
            | `Transfer-Encoding: chunked` (HTTP/1.1's bodies; HTTP/1.0 has none) | `501 Not Implemented` |
            | a request line that is not `METHOD target HTTP/x.y` with single spaces (`HELLO`, `GET /hello.txt`, four parts, `FTP/1.0`); a target that does not start with `/` (`*`, `index.html`, `http://127.0.0.1/hello.txt`); a broken `%` escape; `%00` or any control character; a `\\` | `400 Bad Request` |
            | a header line without `:`; a line over 8192 bytes; more than 100 header lines; two `Content-Length`s, or one that is not a number; a connection that ends before the empty line, or before the end of the body | `400 Bad Request` |
            | a request not all there, or a response not all taken, 30 s after the connection was accepted | the server closes the connection |
            """;

    public static final String TABLE_BEGIN =
            "<!-- The HTTP table: the same in lab-tcp's and lab-threaded's handouts (HttpBehaviourTableTest checks) "
                    + "-->";
    public static final String TABLE_END = "<!-- /The HTTP table -->";

    private static final String HOST = "127.0.0.1";
    private static final Duration REPLY_WAIT = Duration.ofSeconds(5);
    private static final String OK = "HTTP/1\\.[01] 200 .*";

    /** Starts the lab's web server on {@code www}, each connection limited to {@code timeLimitMillis}. */
    protected abstract Site open(Path www, int timeLimitMillis) throws Exception;

    /** Where this lab's student reads the request's body ("TODO 5 in WebServer"), for feedback. */
    protected abstract String readsTheBodyAt();

    /** Where this lab's student gives each connection its time limit, for feedback. */
    protected abstract String timeLimitAt();

    @Graded(points = 3)
    @DisplayName(
            "GET of files: 200 OK, Content-Type, Content-Length and the exact bytes (text, html, png, 512 KB binary)")
    public void servesFiles() throws Exception {
        try (WebRoot root = WebRoot.create();
                Site site = open(root, TIME_LIMIT_MILLIS)) {
            for (String[] file : List.of(
                    new String[] {"hello.txt", "text/plain"},
                    new String[] {"index.html", "text/html"},
                    new String[] {"pics/logo.png", "image/png"},
                    new String[] {"data.bin", "application/octet-stream"})) {
                assertServes(
                        site,
                        "GET /" + file[0] + " HTTP/1.0\r\nHost: 127.0.0.1\r\nUser-Agent: socketlab-grader\r\n\r\n",
                        root.read(file[0]),
                        file[1],
                        file[0]);
            }
            Http.Response real = Http.get(HOST, site.port(), "/hello.txt");
            String what = "the response to GET /hello.txt from a real HTTP/1.1 client, java.net.http (" + real + ")";
            assertThat(real.failure())
                    .as(what + ": the client could not read a response")
                    .isNull();
            assertThat(real.status()).as(what + ": the status code").isEqualTo(200);
            assertThat(real.body())
                    .as(what + ": the body, byte for byte, against the file")
                    .isEqualTo(root.read("hello.txt"));
        }
    }

    @Graded(points = 1)
    @DisplayName("folders mean index.html; %-escapes, raw UTF-8, ?query and // are decoded as the table says")
    public void servesFoldersAndDecodedNames() throws Exception {
        try (WebRoot root = WebRoot.create();
                Site site = open(root, TIME_LIMIT_MILLIS)) {
            String[][] cases = {
                {"/", "index.html", "a folder means its index.html"},
                {"/sub/", "sub/index.html", "a folder means its index.html"},
                {"/sub", "sub/index.html", "a folder, even without its last /"},
                {"/my%20notes.txt", "my notes.txt", "%20 is a space"},
                {"/sub%2Fpage.html", "sub/page.html", "%2F is a /"},
                {"/%E4%BD%A0%E5%A5%BD.txt", WebRoot.NIHAO, "%E4%BD%A0%E5%A5%BD is 你好 in UTF-8"},
                {"/" + WebRoot.NIHAO, WebRoot.NIHAO, "a raw UTF-8 name, as curl sends it"},
                {"/hello.txt?lang=en&broken=%zz", "hello.txt", "the ?query is not part of the file's name"},
                {"//sub//page.html", "sub/page.html", "empty segments are skipped"},
            };
            for (String[] c : cases) {
                assertServes(
                        site, "GET " + c[0] + " HTTP/1.0\r\n\r\n", root.read(c[1]), null, c[1] + " (" + c[2] + ")");
            }
            HttpProbe.Response empty = exchange(site, "GET /empty/ HTTP/1.0\r\n\r\n");
            assertThat(empty.statusLine())
                    .as("the status line for GET /empty/, a folder without index.html")
                    .matches("HTTP/1\\.[01] 404 .*");
        }
    }

    @Graded(points = 1)
    @DisplayName("HEAD gets the status and headers GET would get, and no body")
    public void headGetsHeadersOnly() throws Exception {
        try (WebRoot root = WebRoot.create();
                Site site = open(root, TIME_LIMIT_MILLIS)) {
            HttpProbe.Response get = exchange(site, "GET /hello.txt HTTP/1.0\r\n\r\n");
            HttpProbe.Response head = exchange(site, "HEAD /hello.txt HTTP/1.0\r\n\r\n");
            assertThat(head.statusLine())
                    .as("the status line for HEAD /hello.txt (HEAD is HTTP/1.0's too: RFC 1945, section 8.2)")
                    .matches(OK);
            assertThat(head.header("Content-Type"))
                    .as("HEAD's Content-Type: the one GET gets")
                    .isEqualTo(get.header("Content-Type"));
            assertThat(head.header("Content-Length"))
                    .as("HEAD's Content-Length: the one GET gets, the size of the body it does" + " not send")
                    .isEqualTo(String.valueOf(root.read("hello.txt").length));
            assertThat(head.body())
                    .as("the body after HEAD's headers: there is none (a HEAD asks for the headers only)")
                    .isEmpty();
            HttpProbe.Response missing = exchange(site, "HEAD /no-such-file.html HTTP/1.0\r\n\r\n");
            assertThat(missing.statusLine())
                    .as("the status line for HEAD of a missing file")
                    .matches("HTTP/1\\.[01] 404 .*");
            assertThat(missing.body())
                    .as("the body after the 404's headers, for a HEAD: none")
                    .isEmpty();
        }
    }

    @Graded(points = 1)
    @DisplayName("a missing file gets 404 Not Found with an HTML page, and the server carries on")
    public void missingFileIs404() throws Exception {
        try (WebRoot root = WebRoot.create();
                Site site = open(root, TIME_LIMIT_MILLIS)) {
            for (String path : List.of("/no-such-file.html", "/sub/missing.txt")) {
                HttpProbe.Response response = exchange(site, "GET " + path + " HTTP/1.0\r\n\r\n");
                assertThat(response.statusLine())
                        .as("the status line for GET " + path + ", a file that does not exist")
                        .matches("HTTP/1\\.[01] 404 .*");
                assertErrorPage(response, "404");
            }
            assertServes(
                    site, "GET /hello.txt HTTP/1.0\r\n\r\n", root.read("hello.txt"), null, "hello.txt, after the 404s");
        }
    }

    @Graded(points = 2)
    @DisplayName("malformed requests get 400 Bad Request, and the server carries on")
    public void malformedRequestsAre400() throws Exception {
        String longLine = "a".repeat(MAX_LINE_BYTES);
        String[][] malformed = {
            {"HELLO\r\n\r\n", "a request line that is one word"},
            {"GET /hello.txt\r\n\r\n", "a request line with no HTTP version"},
            {"GET /hello.txt HTTP/1.0 please\r\n\r\n", "a request line with four parts"},
            {"GET  /hello.txt HTTP/1.0\r\n\r\n", "two spaces after the method"},
            {"GET /hello.txt FTP/1.0\r\n\r\n", "a version that is not HTTP/x.y"},
            {"GET index.html HTTP/1.0\r\n\r\n", "a target that does not start with /"},
            {"GET * HTTP/1.0\r\n\r\n", "the target *, which only OPTIONS may have"},
            {
                "GET http://127.0.0.1/hello.txt HTTP/1.0\r\n\r\n",
                "an absolute URL as the target (for proxies only, RFC 1945 5.1.2)"
            },
            {"GET /%zz.txt HTTP/1.0\r\n\r\n", "a broken %-escape"},
            {"GET /hello%00.txt HTTP/1.0\r\n\r\n", "%00, a NUL, in the target"},
            {"GET /hello\u0001.txt HTTP/1.0\r\n\r\n", "a raw control character in the target"},
            {"GET /sub%5cpage.html HTTP/1.0\r\n\r\n", "%5c, a backslash, in the target"},
            {"GET /hello.txt HTTP/1.0\r\nthis header has no colon\r\n\r\n", "a header line without a ':'"},
            {"GET /hello.txt HTTP/1.0\r\nContent-Length: ten\r\n\r\n", "a Content-Length that is not a number"},
            {"GET /hello.txt HTTP/1.0\r\nContent-Length: 0\r\nContent-Length: 0\r\n\r\n", "two Content-Length headers"},
            {
                "GET /hello.txt HTTP/1.0\r\nX-Long: " + longLine + "\r\n\r\n",
                "a header line over " + MAX_LINE_BYTES + " bytes"
            },
            {
                "GET /hello.txt HTTP/1.0\r\n" + "X-Header: 1\r\n".repeat(MAX_HEADERS + 1) + "\r\n",
                "more than " + MAX_HEADERS + " header lines"
            },
        };
        try (WebRoot root = WebRoot.create();
                Site site = open(root, TIME_LIMIT_MILLIS)) {
            assertAnswered(site, malformed, "400", "the table says 400 Bad Request");
            try (HttpProbe halfway = HttpProbe.connect(HOST, site.port(), Recording.TRACED)) {
                halfway.send("GET /hello.txt HTTP/1.0\r\nHost: 127.0.0.1\r\n");
                halfway.shutdownOutput();
                assertThat(halfway.readResponse(deadline(REPLY_WAIT)).statusLine())
                        .as("the status line for a request whose connection ended before the empty line")
                        .matches("HTTP/1\\.[01] 400 .*");
            }
            try (HttpProbe shortBody = HttpProbe.connect(HOST, site.port(), Recording.TRACED)) {
                shortBody.send("GET /hello.txt HTTP/1.0\r\nContent-Length: 100\r\n\r\nonly 24 bytes of the 100");
                shortBody.shutdownOutput();
                assertThat(shortBody.readResponse(deadline(REPLY_WAIT)).statusLine())
                        .as("the status line for a request whose connection ended before the end of its body")
                        .matches("HTTP/1\\.[01] 400 .*");
            }
            assertServes(
                    site,
                    "GET /hello.txt HTTP/1.0\r\n\r\n",
                    root.read("hello.txt"),
                    null,
                    "hello.txt, after the malformed requests");
        }
    }

    @Graded(points = 1)
    @DisplayName("other methods (POST, PUT, DELETE, OPTIONS *) and Transfer-Encoding get 501 Not Implemented")
    public void otherMethodsAre501() throws Exception {
        String[][] requests = {
            {"POST /hello.txt HTTP/1.0\r\nContent-Length: 11\r\n\r\nhello=world", "POST, with a body"},
            {"PUT /hello.txt HTTP/1.0\r\nContent-Length: 0\r\n\r\n", "PUT"},
            {"DELETE /hello.txt HTTP/1.0\r\n\r\n", "DELETE"},
            {"get /hello.txt HTTP/1.0\r\n\r\n", "get in lower case (methods are case-sensitive)"},
            {"OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", "OPTIONS * (the method is checked before the target)"},
            {"GET /hello.txt HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", "a chunked body (Transfer-Encoding)"},
        };
        try (WebRoot root = WebRoot.create();
                Site site = open(root, TIME_LIMIT_MILLIS)) {
            assertAnswered(
                    site,
                    requests,
                    "501",
                    "the request is well formed; the server does not implement it: 501 Not" + " Implemented, not 400");
            assertServes(
                    site, "GET /hello.txt HTTP/1.0\r\n\r\n", root.read("hello.txt"), null, "hello.txt, after the 501s");
        }
    }

    @Graded(points = 2)
    @DisplayName("never a file outside the folder: .., %2e%2e, %2f, %5c, www-private, a symbolic link: 403")
    public void neverServesOutsideTheRoot() throws Exception {
        try (WebRoot root = WebRoot.create();
                Site site = open(root, TIME_LIMIT_MILLIS)) {
            String absolute = root.base()
                    .resolve("secret.txt")
                    .toAbsolutePath()
                    .toString()
                    .replace('\\', '/');
            List<String[]> targets = new ArrayList<>(List.of(
                    new String[] {"/../secret.txt", "403"},
                    new String[] {"/sub/../../secret.txt", "403"},
                    new String[] {"/%2e%2e/secret.txt", "403"},
                    new String[] {"/%2E%2E%2Fsecret.txt", "403"},
                    new String[] {"/..%2fsecret.txt", "403"},
                    new String[] {"/sub/%2e%2e/%2e%2e/secret.txt", "403"},
                    new String[] {"/../www-private/secret.txt", "403"},
                    new String[] {"/%2e%2e/www-private/secret.txt", "403"},
                    new String[] {"/../no-such-file.txt", "403"},
                    new String[] {"/%2e%2e%5csecret.txt", "400"},
                    new String[] {"/" + absolute, "40[34]"
                    }, // 404 where an absolute path starts with /, 403 where with C:
                    new String[] {"//" + absolute, "40[34]"}));
            if (root.hasLinkOut()) {
                targets.add(new String[] {"/link-out.txt", "403"});
            }
            for (String[] target : targets) {
                HttpProbe.Response response = exchange(site, "GET " + target[0] + " HTTP/1.0\r\n\r\n");
                String what =
                        "the response to GET " + target[0] + " (secret.txt is in the folder above the web root, and in"
                                + " www-private next to it; link-out.txt is a symbolic link to it)";
                assertThat(response.bodyText())
                        .as(what + ": it must not be the secret file. Decode %xx first, then resolve and"
                                + " normalize() the path, and check it still starts with the web root, as a Path "
                                + "(not a String), and"
                                + " again on its real path (toRealPath follows links)")
                        .doesNotContain(root.secret());
                assertThat(response.statusLine())
                        .as(what + ": its status line (the table says " + target[1].replace("40[34]", "403 or 404")
                                + ")")
                        .matches("HTTP/1\\.[01] " + target[1] + " .*");
            }
        }
    }

    @Graded(points = 2, timeoutSeconds = 30)
    @DisplayName(
            "a request with a 1 MB body: the server answers once the body has all come, and the whole response arrives")
    public void readsTheBodyBeforeAnswering() throws Exception {
        byte[] body = new byte[1024 * 1024];
        new SplittableRandom(Trace.current().seed()).nextBytes(body);
        try (WebRoot root = WebRoot.create();
                Site site = open(root, TIME_LIMIT_MILLIS)) {
            byte[] expected = root.read("data.bin");
            HttpProbe.BodyExchange exchange = HttpProbe.exchangeWithBody(
                    HOST,
                    site.port(),
                    "GET /data.bin HTTP/1.0\r\nContent-Length: " + body.length + "\r\n\r\n",
                    body,
                    Duration.ofSeconds(1));
            assertThat(exchange.tooEarlyText())
                    .as("what came back while only half of the request's " + body.length + "-byte body had"
                            + " been sent. The request was not over: answer once the body has all come. A server "
                            + "that answers without"
                            + " reading the body then closes the connection with its bytes unread; TCP resets the "
                            + "connection, and the"
                            + " client loses the part of the answer it had not read yet (curl gets a few KB of the "
                            + "file, or \"connection"
                            + " reset\"). Read the body first (" + readsTheBodyAt() + ")")
                    .isEqualTo("nothing");
            HttpProbe.Response response = exchange.response();
            String what = "the response to GET /data.bin with a body of " + body.length + " bytes ("
                    + response.summary() + ")";
            assertThat(response.statusLine()).as(what + ": its status line").matches(OK);
            assertThat(response.body())
                    .as(what + ": the body, byte for byte, against data.bin")
                    .isEqualTo(expected);
        }
    }

    @Graded(points = 2, timeoutSeconds = 30)
    @DisplayName("silent, trickling and non-reading clients are cut off at the time limit; others are served")
    public void cutsOffSlowClients() throws Exception {
        int limit = 1000;
        int slowClients = 3;
        try (WebRoot root = WebRoot.withBigFiles();
                Site site = open(root, limit);
                HttpProbe silent = HttpProbe.connect(HOST, site.port(), Recording.QUIET);
                HttpProbe trickling = HttpProbe.connect(HOST, site.port(), Recording.QUIET);
                HttpProbe notReading = HttpProbe.connect(HOST, site.port(), Recording.QUIET)) {
            Trace.current()
                    .impairment(
                            "three slow clients, connected in this order: one silent, one sending its request a byte"
                                    + " every 200 ms, one asking for huge.bin (8 MB) and reading nothing; the "
                                    + "server's time limit is "
                                    + limit + " ms");
            long start = System.nanoTime();
            CompletableFuture<Long> trickled = CompletableFuture.supplyAsync(() -> trickle(trickling, start));
            notReading.send("GET /huge.bin HTTP/1.0\r\n\r\n");

            long allowed = slowClients * limit + 5000L;
            HttpProbe.Response served = HttpProbe.exchange(
                    HOST,
                    site.port(),
                    "GET /hello.txt HTTP/1.0\r\n\r\n",
                    start + TimeUnit.MILLISECONDS.toNanos(allowed),
                    Recording.TRACED);
            assertThat(served.statusLine())
                    .as("the status line for GET /hello.txt from a fourth client, within " + allowed + " ms of the"
                            + " slow ones (a single-threaded server serves them first, each for at most the time "
                            + "limit of "
                            + limit + " ms: "
                            + "give each connection a TimeLimit, " + timeLimitAt() + ")")
                    .matches(OK);

            long cut = TimeUnit.MILLISECONDS.toNanos(allowed);
            HttpProbe.Response silence = silent.readResponse(start + cut);
            String giveATimeLimit = " (give each connection a TimeLimit, " + timeLimitAt() + ")";
            assertThat(silence.problem())
                    .as("what the silent client got (" + limit + " ms after its turn came, the server must have"
                            + " closed its connection" + giveATimeLimit + ")")
                    .doesNotContain("still open");
            long trickledFor;
            try {
                trickledFor = trickled.get(allowed, TimeUnit.MILLISECONDS);
            } catch (TimeoutException stillSending) {
                trickledFor = Long.MAX_VALUE;
            }
            assertThat(trickledFor)
                    .as("how long, in ms, the client sending a byte every 200 ms could go on sending before the"
                            + " server closed its connection (a read timeout alone never trips: its bytes keep coming)"
                            + giveATimeLimit)
                    .isLessThan(allowed);
            HttpProbe.Response unread = notReading.readResponse(start + cut + TimeUnit.SECONDS.toNanos(5));
            assertThat(unread.body().length)
                    .as("how many of huge.bin's 8 MB the client that read nothing for " + allowed / 1000
                            + " s could still read then: the server must have closed the connection at its time "
                            + "limit, not waited in"
                            + " write() for as long as that client liked" + giveATimeLimit)
                    .isLessThan(8 * 1024 * 1024);

            // Connections also close when the program dies: the cuts count only if it was its time limit, and it serves
            // on.
            assertThat(site.server().isServing())
                    .as("whether serve() was still running after the slow clients were cut off"
                            + " (it stopped with " + site.server().stoppedWith()
                            + "): the time limit closes the slow client's connection,"
                            + " and the server goes on" + giveATimeLimit)
                    .isTrue();
            HttpProbe.Response after = HttpProbe.exchange(
                    HOST, site.port(), "GET /hello.txt HTTP/1.0\r\n\r\n", deadline(REPLY_WAIT), Recording.TRACED);
            assertThat(after.statusLine())
                    .as("the status line for GET /hello.txt from a fifth client, after the slow clients were"
                            + " cut off: their connections must end by the time limit, and the server keep serving"
                            + giveATimeLimit)
                    .matches(OK);
        }
    }

    private Site open(WebRoot root, int timeLimitMillis) throws Exception {
        return open(root.www(), timeLimitMillis);
    }

    /**
     * Sends GET /hello.txt a byte every 200 ms; returns how long, in ms, it could, until the server closed the
     * connection.
     */
    private static long trickle(HttpProbe client, long start) {
        byte[] request = "GET /hello.txt HTTP/1.0\r\nUser-Agent: a very slow client that sends one byte at a time"
                .getBytes(StandardCharsets.US_ASCII);
        try {
            for (int i = 0; i < 1000; i++) {
                client.sendBody(new byte[] {request[i % request.length]});
                Thread.sleep(200); // the client's pace is what is tested, not a wait for something to happen
            }
        } catch (UncheckedIOException closed) {
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Long.MAX_VALUE;
    }

    private static HttpProbe.Response exchange(Site site, String request) {
        return HttpProbe.exchange(HOST, site.port(), request, deadline(REPLY_WAIT), Recording.TRACED);
    }

    /**
     * 200 and the file's bytes; with a {@code type}, its Content-Type and Content-Length too. Only the test about
     * headers passes a type, so a missing header costs that test, not every test that fetches a file.
     */
    private static void assertServes(Site site, String request, byte[] expected, String type, String file) {
        HttpProbe.Response response = exchange(site, request);
        String what = "the response to " + Text.quote(request.substring(0, request.indexOf('\r'))) + ", for " + file;
        assertThat(response.problem())
                .as(what + " (a status line, headers and an empty line)")
                .isNull();
        assertThat(response.statusLine()).as(what + ": its status line").matches(OK);
        if (type != null) {
            assertThat(response.header("Content-Type"))
                    .as(what + ": its Content-Type header")
                    .isNotNull()
                    .startsWith(type);
            assertThat(response.header("Content-Length"))
                    .as(what + ": its Content-Length header (the file's size in bytes)")
                    .isEqualTo(String.valueOf(expected.length));
        }
        assertThat(response.body())
                .as(what + ": the body, byte for byte, against the file's " + expected.length + " bytes")
                .isEqualTo(expected);
    }

    /** Each request (raw, and what it is) gets {@code status} and an HTML page saying why. */
    private static void assertAnswered(Site site, String[][] requests, String status, String because) {
        for (String[] request : requests) {
            HttpProbe.Response response = exchange(site, request[0]);
            assertThat(response.statusLine())
                    .as("the status line for " + request[1] + ": " + Text.quote(request[0]) + " (" + because + ")")
                    .matches("HTTP/1\\.[01] " + status + " .*");
            assertErrorPage(response, status);
        }
    }

    private static void assertErrorPage(HttpProbe.Response response, String status) {
        assertThat(response.header("Content-Type"))
                .as("the Content-Type of the " + status + " response (every error has a" + " short HTML page)")
                .isNotNull()
                .startsWith("text/html");
        assertThat(response.header("Content-Length"))
                .as("the Content-Length of the " + status + " response (the size of the page" + " that follows, "
                        + response.body().length + " bytes)")
                .isEqualTo(String.valueOf(response.body().length));
    }

    private static long deadline(Duration wait) {
        return System.nanoTime() + wait.toNanos();
    }
}
