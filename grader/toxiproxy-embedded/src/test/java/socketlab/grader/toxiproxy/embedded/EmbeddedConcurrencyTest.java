package socketlab.grader.toxiproxy.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.Toxic;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Toxics churned while many connections stream data: every byte still arrives, in order, and nothing locks up. */
class EmbeddedConcurrencyTest {
    private static final int CONNECTIONS = 8;
    private static final int MESSAGES = 150;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void churningToxicsNeverCorruptsOrReordersData() throws Exception {
        long seed = Long.getLong("socketlab.toxiproxy.seed", System.nanoTime());
        System.out.println(
                "EmbeddedConcurrencyTest: seed " + seed + " (replay with -Dsocketlab.toxiproxy.seed=" + seed + ")");
        // A thread for each task: on JDK 25 the default async pool of a 2-core machine has one worker,
        // which the endless churn task would keep from the clients.
        ExecutorService threads = Executors.newFixedThreadPool(CONNECTIONS + 1, task -> {
            Thread thread = new Thread(task, "concurrency-test");
            thread.setDaemon(true);
            return thread;
        });
        try (EchoServer echo = new EchoServer();
                EmbeddedToxiproxy engine =
                        EmbeddedToxiproxy.builder().seed(seed).start()) {
            ToxiproxyClient client = new ToxiproxyClient(engine.host(), engine.port());
            Proxy proxy = client.createProxy("churn", "127.0.0.1:0", "127.0.0.1:" + echo.port());
            int port = Integer.parseInt(
                    proxy.getListen().substring(proxy.getListen().lastIndexOf(':') + 1));

            AtomicBoolean streaming = new AtomicBoolean(true);
            CompletableFuture<Integer> churn =
                    CompletableFuture.supplyAsync(() -> churn(proxy, streaming, seed), threads);
            List<CompletableFuture<Void>> clients = new ArrayList<>();
            for (int c = 0; c < CONNECTIONS; c++) {
                long clientSeed = seed + c;
                clients.add(CompletableFuture.runAsync(() -> stream(port, clientSeed), threads));
            }
            CompletableFuture.allOf(clients.toArray(new CompletableFuture[0])).get(50, TimeUnit.SECONDS);
            streaming.set(false);
            assertThat(churn.get(10, TimeUnit.SECONDS)).isPositive();
        } finally {
            threads.shutdownNow();
        }
    }

    /** Adds, updates and removes latency, slicer and bandwidth toxics in both directions until told to stop. */
    private static int churn(Proxy proxy, AtomicBoolean streaming, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int changes = 0;
        try {
            while (streaming.get()) {
                ToxicDirection direction = random.nextBoolean() ? ToxicDirection.UPSTREAM : ToxicDirection.DOWNSTREAM;
                switch (random.nextInt(4)) {
                    case 0 ->
                        proxy.toxics()
                                .latency("lat-" + changes, direction, random.nextInt(3))
                                .setJitter(1);
                    case 1 ->
                        proxy.toxics()
                                .slicer("sl-" + changes, direction, 1 + random.nextInt(8), 50)
                                .setSizeVariation(random.nextInt(1, 2));
                    case 2 -> proxy.toxics().bandwidth("bw-" + changes, direction, 500 + random.nextInt(5000));
                    default -> {
                        for (Toxic toxic : proxy.toxics().getAll()) {
                            toxic.remove();
                        }
                    }
                }
                changes++;
            }
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
        return changes;
    }

    /** Sends numbered messages of random sizes and checks each echo byte for byte. */
    private static void stream(int port, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000);
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            for (int m = 0; m < MESSAGES; m++) {
                byte[] message = new byte[1 + random.nextInt(3000)];
                random.nextBytes(message);
                out.write(message);
                byte[] reply = in.readNBytes(message.length);
                assertThat(reply).as("echo of message %d", m).isEqualTo(message);
            }
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }
}
