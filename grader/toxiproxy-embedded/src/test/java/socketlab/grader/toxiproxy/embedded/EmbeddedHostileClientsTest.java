package socketlab.grader.toxiproxy.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile clients on a proxy's port (the API's own are in ApiHttpServerTest): a thousand held connections and a
 * client that never reads cost bounded memory and threads, delay no other client, and leave nothing behind.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EmbeddedHostileClientsTest {
    private static final int HELD = 1000;

    @Test
    void aThousandHeldConnectionsCostOneThreadAndSixteenKilobytesPerDirectionAndLeaveNothingBehind()
            throws IOException {
        try (EchoServer echo = new EchoServer();
                EmbeddedToxiproxy engine = EmbeddedToxiproxy.start()) {
            Proxy proxy = new ToxiproxyClient(engine.host(), engine.port())
                    .createProxy("held", "127.0.0.1:0", "127.0.0.1:" + echo.port());
            long directBefore = directMemory();
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < HELD; i++) {
                    Socket socket = connect(proxy);
                    held.add(socket);
                    assertThat(roundTrip(socket, i & 0x7f))
                            .as("echo on held connection %d", i)
                            .isEqualTo(i & 0x7f);
                }

                assertThat(EngineThreadsProbe.namesContaining("held-c"))
                        .as("threads of %d plain connections", HELD)
                        .hasSizeLessThanOrEqualTo(2 * HELD);
                // Each pipe's 16 KB buffer, plus the JDK's temporary buffers of the echo server's threads (8 KB each).
                assertThat(directMemory() - directBefore)
                        .as("direct memory of %d held connections", HELD)
                        .isLessThan(HELD * (2 * 16 + 8 + 8) * 1024L);
                try (Socket another = connect(proxy)) {
                    long start = System.nanoTime();
                    assertThat(roundTrip(another, 42)).isEqualTo(42);
                    assertThat(Duration.ofNanos(System.nanoTime() - start))
                            .as("a round trip on a new connection beside %d held ones", HELD)
                            .isLessThan(Duration.ofSeconds(2));
                }
            } finally {
                for (Socket socket : held) {
                    socket.close();
                }
            }
            assertThat(threadsEnd("held-c"))
                    .as("threads of the closed connections still running")
                    .isEmpty();
        }
    }

    /**
     * A client that never reads, behind a latency toxic, with a server that sends without end: the engine holds at
     * most 1024 chunks (32 MB) for it, so the server is held back through TCP; another client is served meanwhile,
     * and the client's close ends everything.
     */
    @Test
    void aClientThatNeverReadsHoldsTheServerBackWithinBoundedMemoryAndDelaysNoOne() throws Exception {
        AtomicLong sent = new AtomicLong();
        try (ServerSocket firehose = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                EchoServer echo = new EchoServer();
                EmbeddedToxiproxy engine = EmbeddedToxiproxy.start()) {
            Thread server = new Thread(() -> sendForever(firehose, sent), "firehose");
            server.setDaemon(true);
            server.start();
            ToxiproxyClient client = new ToxiproxyClient(engine.host(), engine.port());
            Proxy flooding = client.createProxy("flood", "127.0.0.1:0", "127.0.0.1:" + firehose.getLocalPort());
            flooding.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 1);
            Proxy other = client.createProxy("other", "127.0.0.1:0", "127.0.0.1:" + echo.port());
            other.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 1);

            try (Socket nonReader = connect(flooding)) {
                long stalledAt = untilItStalls(sent);
                // 32 MB of chunks, and the kernel's socket buffers on the way (up to 32 MB of receive buffer each).
                assertThat(stalledAt)
                        .as("bytes the server got out before the engine held it back")
                        .isLessThan(160L << 20);
                try (Socket another = connect(other)) {
                    long start = System.nanoTime();
                    assertThat(roundTrip(another, 42)).isEqualTo(42);
                    assertThat(Duration.ofNanos(System.nanoTime() - start))
                            .as("a round trip through the engine while a client does not read")
                            .isLessThan(Duration.ofSeconds(2));
                }
            }
            assertThat(threadsEnd("flood-c"))
                    .as("threads of the non-reader's connection still running")
                    .isEmpty();
        }
    }

    private static Socket connect(Proxy proxy) throws IOException {
        String listen = proxy.getListen();
        Socket socket = new Socket(
                InetAddress.getLoopbackAddress(), Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1)));
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        return socket;
    }

    /** Sends one byte and returns the byte that comes back (-1 at the end of stream). */
    private static int roundTrip(Socket socket, int value) throws IOException {
        OutputStream out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        out.write(value);
        return in.read();
    }

    private static void sendForever(ServerSocket server, AtomicLong sent) {
        byte[] block = new byte[64 * 1024];
        try (Socket socket = server.accept()) {
            OutputStream out = socket.getOutputStream();
            while (true) {
                out.write(block);
                sent.addAndGet(block.length);
            }
        } catch (IOException closed) {
            // the proxy closed the connection after the client did
        }
    }

    /** The server's count once it has not moved for a second (its writes block), within 60 s. */
    private static long untilItStalls(AtomicLong sent) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long last = -1;
        long unchangedSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long now = sent.get();
            if (now != last) {
                last = now;
                unchangedSince = System.nanoTime();
            } else if (System.nanoTime() - unchangedSince > TimeUnit.SECONDS.toNanos(1)) {
                return now;
            }
            Thread.sleep(50); // polling a counter: there is no event for "the server's writes block"
        }
        throw new AssertionError("the server kept sending for 60 s to a client that never reads: " + last + " bytes");
    }

    /** Joins the engine's threads whose names contain {@code part} (5 s each); the names of those still running. */
    private static List<String> threadsEnd(String part) {
        for (int round = 0; round < 2; round++) { // a connection's writer thread may start as it ends
            for (Thread thread : Thread.getAllStackTraces().keySet()) {
                if (thread.getName().startsWith(EngineThreads.PREFIX)
                        && thread.getName().contains(part)) {
                    try {
                        thread.join(5_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        }
        return EngineThreadsProbe.namesContaining(part);
    }

    private static long directMemory() {
        return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct"))
                .mapToLong(BufferPoolMXBean::getMemoryUsed)
                .sum();
    }
}
