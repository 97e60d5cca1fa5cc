package socketlab.grader.suites.threaded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import socketlab.grader.harness.HttpProbe;
import socketlab.grader.harness.Recording;
import socketlab.grader.run.LabCompiler;
import socketlab.grader.sandbox.Bridge;

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
                    out.write(("HTTP/1.0 200 OK\r\nContent-Type: image/png\r\nContent-Length: " + body.length
                                    + "\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
                    out.write(body);
                } catch (Exception ignored) {
                    // the test fails on its own assertions
                }
            });
            t.start();
            HttpProbe.Response r = HttpProbe.exchange(
                    "127.0.0.1",
                    server.getLocalPort(),
                    "GET / HTTP/1.0\r\n\r\n",
                    System.nanoTime() + TimeUnit.SECONDS.toNanos(5),
                    Recording.QUIET);
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
            HttpProbe.Response r = HttpProbe.exchange(
                    "127.0.0.1",
                    server.getLocalPort(),
                    "GET / HTTP/1.0\r\n\r\n",
                    System.nanoTime() + TimeUnit.SECONDS.toNanos(5),
                    Recording.QUIET);
            t.join(5000);
            assertThat(r.status()).isEqualTo(-1);
            assertThat(r.problem()).contains("no empty line");
        }
    }

    /** A pool left running in the student's JVM is seen from outside it, and described by where its thread waits. */
    @Test
    void liveThreadsFindsAPoolThatWasNotShutDown(@TempDir Path folder) throws Throwable {
        Path sources = Files.createDirectories(folder.resolve("fixture/src/main/java/fixture"));
        Files.writeString(sources.resolve("Pools.java"), """
                package fixture;
                public class Pools {
                    static java.util.concurrent.ExecutorService pool;
                    public static void start() { pool = java.util.concurrent.Executors.newFixedThreadPool(2); pool.execute(() -> { }); }
                    public static boolean stop() throws InterruptedException { pool.shutdown(); return pool.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS); }
                }
                """);
        LabCompiler.Compilation compiled = LabCompiler.compile(folder.resolve("fixture"), folder.resolve("classes"));
        assertThat(compiled.succeeded()).as(compiled.messages()).isTrue();
        String before = System.getProperty(Bridge.LAB_CLASSES_PROPERTY);
        System.setProperty(Bridge.LAB_CLASSES_PROPERTY, compiled.classes().toString());
        try {
            LiveThreads threads = LiveThreads.snapshot();
            Bridge.call(null, "fixture.Pools", "start", new String[0], void.class);
            List<String> left = threads.leftBehind(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300));
            assertThat(left).hasSize(1);
            assertThat(LiveThreads.describe(left)).contains("pool-1-thread-1").contains("idle pool worker");
            assertThat(Bridge.call(null, "fixture.Pools", "stop", new String[0], boolean.class))
                    .isEqualTo(true);
            assertThat(threads.leftBehind(System.nanoTime() + TimeUnit.SECONDS.toNanos(5)))
                    .isEmpty();
        } finally {
            Bridge.stop();
            if (before == null) {
                System.clearProperty(Bridge.LAB_CLASSES_PROPERTY);
            } else {
                System.setProperty(Bridge.LAB_CLASSES_PROPERTY, before);
            }
        }
    }
}
