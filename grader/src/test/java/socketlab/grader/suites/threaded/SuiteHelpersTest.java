package socketlab.grader.suites.threaded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The lab-threaded suites' own helpers: what they report must be true, or the feedback misleads. */
class SuiteHelpersTest {

    @Test
    void httpProbeSplitsStatusHeadersAndBody() throws Exception {
        byte[] body = {0, 1, 2, (byte) 0xff, '\r', '\n', '\r', '\n', 9};
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (Socket s = server.accept()) {
                    s.getInputStream().read(new byte[100]);
                    OutputStream out = s.getOutputStream();
                    out.write(("HTTP/1.0 200 OK\r\nContent-Type: image/png\r\nContent-Length: " + body.length + "\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
                    out.write(body);
                } catch (Exception ignored) {
                    // the test fails on its own assertions
                }
            });
            t.start();
            HttpClientProbe.Response r = HttpClientProbe.exchange("127.0.0.1", server.getLocalPort(), "GET / HTTP/1.0\r\n\r\n",
                    System.nanoTime() + TimeUnit.SECONDS.toNanos(5), false);
            t.join(5000);
            assertThat(r.problem()).isNull();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("content-type")).isEqualTo("image/png");
            assertThat(r.body()).isEqualTo(body);
        }
    }

    @Test
    void httpProbeNamesAResponseWithoutHeadersEnd() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (Socket s = server.accept()) {
                    s.getOutputStream().write("HTTP/1.0 200 OK\r\n".getBytes(StandardCharsets.ISO_8859_1));
                } catch (Exception ignored) {
                    // the test fails on its own assertions
                }
            });
            t.start();
            HttpClientProbe.Response r = HttpClientProbe.exchange("127.0.0.1", server.getLocalPort(), "GET / HTTP/1.0\r\n\r\n",
                    System.nanoTime() + TimeUnit.SECONDS.toNanos(5), false);
            t.join(5000);
            assertThat(r.status()).isEqualTo(-1);
            assertThat(r.problem()).contains("no empty line");
        }
    }

    @Test
    void liveThreadsFindsAPoolThatWasNotShutDown() throws Exception {
        LiveThreads threads = LiveThreads.snapshot();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        pool.execute(() -> { });
        try {
            List<Thread> left = threads.leftBehind(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300));
            assertThat(left).hasSize(1);
            assertThat(LiveThreads.describe(left)).contains("idle pool worker");
            pool.shutdown();
            assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
            assertThat(threads.leftBehind(System.nanoTime() + TimeUnit.SECONDS.toNanos(5))).isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }
}
