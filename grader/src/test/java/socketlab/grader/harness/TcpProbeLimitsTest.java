package socketlab.grader.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A program that streams without end (no newline, never closing) cannot make the grader's clients hold more than
 * their limits: they stop reading there and say so, long before the deadline.
 */
class TcpProbeLimitsTest {

    private ServerSocket server;
    private Thread flooder;

    @BeforeEach
    void startAFloodingServer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        flooder = new Thread(
                () -> {
                    byte[] chunk = new byte[64 * 1024];
                    Arrays.fill(chunk, (byte) 'x');
                    try (Socket client = server.accept();
                            OutputStream out = client.getOutputStream()) {
                        while (true) {
                            out.write(chunk);
                        }
                    } catch (IOException closed) {
                        // the probe or the test closed the connection
                    }
                },
                "flooding-server");
        flooder.setDaemon(true);
        flooder.start();
    }

    @AfterEach
    void stopIt() throws Exception {
        server.close();
        flooder.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(flooder.isAlive()).as("the flooding server's thread ended").isFalse();
    }

    @Test
    void aLineWithoutEndIsCutAtTheLineLimit() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (TcpProbe probe = TcpProbe.quiet(server.getLocalPort())) {
            String line = probe.lineBy(deadline);

            assertThat(line)
                    .startsWith("<more than 256 KB with no newline, starting \"xxx")
                    .endsWith(": the grader stopped reading>")
                    .hasSizeLessThan(1000);
            assertThat(System.nanoTime())
                    .as("returned at the limit, not at the deadline")
                    .isLessThan(deadline);
        }
    }

    @Test
    void aReadUntilTheEndKeepsAtMostTheReadLimit() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (TcpProbe probe = TcpProbe.quiet(server.getLocalPort())) {
            TcpProbe.Received all = probe.untilClosed(deadline);

            assertThat(all.end()).isEqualTo(TcpProbe.End.TOO_MUCH);
            assertThat(all.bytes()).hasSize(TcpProbe.READ_LIMIT_BYTES);
            assertThat(System.nanoTime())
                    .as("returned at the limit, not at the deadline")
                    .isLessThan(deadline);
        }
    }

    @Test
    void anHttpResponseWithoutEndIsReportedAsCut() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (HttpProbe probe = HttpProbe.connect("127.0.0.1", server.getLocalPort(), Recording.QUIET)) {
            HttpProbe.Response response = probe.readResponse(deadline);

            assertThat(response.problem())
                    .contains("the grader stopped reading after 16 MB with the connection still open");
        }
    }
}
