package socketlab.grader.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Drives one server with {@code clients} concurrent clients, each making {@code requests} requests one
 * after another, every request on a new connection (connect, ask, read the whole answer, close). Each
 * answer is checked; its latency (connect to last byte) is recorded.
 */
final class LoadDriver {

    static final int SOCKET_TIMEOUT_MILLIS = 20_000;

    /** One request: sends what it must on the connection and says whether the answer was right. */
    interface Exchange {
        /** Returns null if the answer is right, otherwise what was wrong. */
        String run(Socket socket, int client, int request) throws IOException;
    }

    /** The figures for one server. */
    record Figures(
            int clients,
            int requests,
            int ok,
            int lost,
            int wrong,
            long wallNanos,
            long p50Nanos,
            long p99Nanos,
            long maxNanos,
            String firstProblem) {
        double perSecond() {
            return ok / (wallNanos / 1e9);
        }
    }

    private LoadDriver() {}

    static Figures run(int port, int clients, int requestsPerClient, Exchange exchange) throws InterruptedException {
        int total = clients * requestsPerClient;
        long[] latencies = new long[total];
        Arrays.fill(latencies, -1);
        AtomicInteger lost = new AtomicInteger();
        AtomicInteger wrong = new AtomicInteger();
        AtomicReference<String> firstProblem = new AtomicReference<>();
        CountDownLatch ready = new CountDownLatch(clients);
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(clients);
        Thread[] threads = new Thread[clients];
        for (int c = 0; c < clients; c++) {
            int client = c;
            threads[c] = new Thread(
                    () -> {
                        ready.countDown();
                        try {
                            go.await();
                            for (int r = 0; r < requestsPerClient; r++) {
                                long start = System.nanoTime();
                                try (Socket socket = new Socket()) {
                                    socket.connect(new InetSocketAddress("127.0.0.1", port), SOCKET_TIMEOUT_MILLIS);
                                    socket.setSoTimeout(SOCKET_TIMEOUT_MILLIS);
                                    socket.setTcpNoDelay(true);
                                    String problem = exchange.run(socket, client, r);
                                    if (problem == null) {
                                        latencies[client * requestsPerClient + r] = System.nanoTime() - start;
                                    } else {
                                        wrong.incrementAndGet();
                                        firstProblem.compareAndSet(
                                                null, "client " + client + ", request " + r + ": " + problem);
                                    }
                                } catch (IOException e) {
                                    lost.incrementAndGet();
                                    firstProblem.compareAndSet(null, "client " + client + ", request " + r + ": " + e);
                                }
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        } finally {
                            done.countDown();
                        }
                    },
                    "bench-client-" + c);
            threads[c].setDaemon(true);
            threads[c].start();
        }
        ready.await();
        long start = System.nanoTime();
        go.countDown();
        done.await();
        long wall = System.nanoTime() - start;
        long[] ok = Arrays.stream(latencies).filter(l -> l >= 0).sorted().toArray();
        return new Figures(
                clients,
                total,
                ok.length,
                lost.get(),
                wrong.get(),
                wall,
                percentile(ok, 0.50),
                percentile(ok, 0.99),
                ok.length == 0 ? 0 : ok[ok.length - 1],
                firstProblem.get());
    }

    private static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /**
     * The uppercase protocol: a line out, the same line in upper case back, then close. With a delay,
     * a slow client's conversation: a first line and its reply, a pause, then a second line and its
     * reply. The pause comes after the server has started serving the connection, so a server that
     * serves one connection at a time waits it out; a pause before the first line would be hidden in
     * the accept queue.
     */
    static Exchange uppercase(int delayMillis) {
        return (socket, client, request) -> {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            int lines = delayMillis > 0 ? 2 : 1;
            for (int i = 0; i < lines; i++) {
                if (i > 0) {
                    pause(delayMillis);
                }
                String line = "client " + client + " request " + request + " line " + i;
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                String reply = readLine(in);
                String expected = line.toUpperCase(Locale.ROOT);
                if (!expected.equals(reply)) {
                    return "sent \"" + line + "\", got " + (reply == null ? "nothing" : "\"" + reply + "\"");
                }
            }
            socket.shutdownOutput();
            return null;
        };
    }

    /** HTTP/1.0: GET {@code path}, expecting 200 and exactly {@code body}. */
    static Exchange httpGet(String path, byte[] body) {
        byte[] request = ("GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        return (socket, client, r) -> {
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            byte[] response = socket.getInputStream().readAllBytes();
            String head = new String(response, 0, Math.min(response.length, 200), StandardCharsets.ISO_8859_1);
            int end = head.indexOf("\r\n\r\n");
            if (!head.startsWith("HTTP/1.0 200") || end < 0) {
                return "got "
                        + (response.length == 0
                                ? "nothing"
                                : "\"" + head.lines().findFirst().orElse("") + "\"");
            }
            byte[] got = Arrays.copyOfRange(response, end + 4, response.length);
            return Arrays.equals(got, body)
                    ? null
                    : "a body of " + got.length + " bytes that is not the file's " + body.length;
        };
    }

    /** A slow client's pause between two lines (part of the measured latency). */
    private static void pause(int millis) throws IOException {
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            line.write(b);
        }
        return b == -1 && line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
    }
}
