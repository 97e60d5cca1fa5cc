package socketlab.grader.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import socketlab.grader.harness.HttpProbe;
import socketlab.grader.harness.Recording;
import socketlab.grader.harness.TcpProbe;
import socketlab.grader.wire.WireEvent;

/**
 * The grader's own clients and the test's trace: a traced client records each step, a quiet one (one of a crowd)
 * nothing, and the HTTP client records in HTTP's words only, as the feedback has always read.
 */
class ProbeRecordingTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final Trace trace = new Trace("T0.probes", 1);

    @BeforeEach
    void attach() {
        Trace.attach(trace);
    }

    @AfterEach
    void detach() {
        Trace.detach();
    }

    @Test
    void aTracedTcpProbeRecordsTheConnectionWhatItSentAndEachLine() throws Exception {
        try (OneReply server = new OneReply("HELLO\r\nhal", true);
                TcpProbe client = TcpProbe.connect(server.port())) {
            client.sendLine("hello");
            assertThat(client.readLine(WAIT)).contains("HELLO");
            assertThat(client.readLine(WAIT)).isEmpty();
            assertThat(trace.wireLines())
                    .containsExactly(
                            "⇄ connected to 127.0.0.1:" + server.port() + " from local port " + client.localPort()
                                    + " (TCP)",
                            "→ sent \"hello\\n\" (6 bytes)",
                            "← received line \"HELLO\"",
                            "← connection closed by the program (after \"hal\" (3 bytes) with no newline)");
        }
    }

    @Test
    void aQuietTcpProbeRecordsNothingAndGivesLinesAsTheyCame() throws Exception {
        try (OneReply server = new OneReply("HELLO\r\nhal", true);
                TcpProbe client = TcpProbe.quiet(server.port())) {
            client.sendLine("hello");
            long deadline = System.nanoTime() + WAIT.toNanos();
            assertThat(client.lineBy(deadline)).isEqualTo("HELLO\r");
            assertThat(client.lineBy(deadline)).isEqualTo("<connection closed after \"hal\" with no newline>");
        }
        assertThat(trace.timeline().events()).isEmpty();
    }

    @Test
    void aQuietLineReadSaysNothingCameInTime() throws Exception {
        try (OneReply server = new OneReply("hal", false);
                TcpProbe client = TcpProbe.quiet(server.port())) {
            client.sendLine("hello");
            assertThat(client.lineBy(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300)))
                    .isEqualTo("<no reply in time after \"hal\" with no newline>");
            assertThat(client.closedWithin(Duration.ofMillis(100))).isFalse();
        }
    }

    @Test
    void aTracedHttpProbeRecordsTheRequestAndTheResponsesSummaryOnly() throws Exception {
        String response = "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nhi";
        try (OneReply server = new OneReply(response, true)) {
            HttpProbe.Response r = HttpProbe.exchange(
                    "127.0.0.1",
                    server.port(),
                    "GET / HTTP/1.0\r\n\r\n",
                    System.nanoTime() + WAIT.toNanos(),
                    Recording.TRACED);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.bodyText()).isEqualTo("hi");
        }
        assertThat(trace.wireLines())
                .containsExactly(
                        "→ sent \"GET / HTTP/1.0\\r\\n\\r\\n\"",
                        "← \"HTTP/1.0 200 OK\", Content-Type: text/plain, Content-Length: 2, then 2 body bytes");
        assertThat(trace.timeline().events()).allMatch(event -> event.kind() == WireEvent.Kind.NOTE);
    }

    @Test
    void anHttpProbeThatCannotConnectSaysWhereWithTheSocketsErrorAsTheCause() throws Exception {
        int closedPort;
        try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = gone.getLocalPort();
        }
        assertThatThrownBy(() -> HttpProbe.connect("127.0.0.1", closedPort, Recording.TRACED))
                .isInstanceOf(UncheckedIOException.class)
                .hasCauseInstanceOf(ConnectException.class)
                .hasMessageStartingWith("could not connect to 127.0.0.1:" + closedPort + ": ");
        assertThat(trace.wireLines())
                .singleElement()
                .asString()
                .startsWith("× could not connect to 127.0.0.1:" + closedPort + ": ");
    }

    /** A one-connection server on 127.0.0.1: reads what comes first, writes {@code reply}, then closes or holds on. */
    private static final class OneReply implements Closeable {

        private final ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        private final CountDownLatch over = new CountDownLatch(1);

        OneReply(String reply, boolean thenClose) throws IOException {
            Thread serving = new Thread(
                    () -> {
                        try (Socket connection = listener.accept()) {
                            connection.getInputStream().read(new byte[1024]);
                            connection.getOutputStream().write(reply.getBytes(StandardCharsets.UTF_8));
                            if (!thenClose) {
                                over.await(10, TimeUnit.SECONDS);
                            }
                        } catch (IOException | InterruptedException ignored) {
                            // the test fails on its own assertions
                        }
                    },
                    "one-reply-server");
            serving.setDaemon(true);
            serving.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            over.countDown();
            listener.close();
        }
    }
}
