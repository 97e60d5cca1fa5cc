package socketlab.grader.experiments;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;
import socketlab.grader.bench.SingleThreadedBaseline;
import socketlab.grader.core.Lab;
import socketlab.threaded.PooledTCPServer;
import socketlab.threaded.ThreadedTCPServer;

/**
 * Experiment 4: the uppercase server written three ways -- single-threaded (the textbook's TCPServer, answering every
 * line of a connection: the grader's own copy), lab-threaded's thread per connection (M1) and pooled server (M2) --
 * while a growing number of slow clients hold conversations with think time. A few fast clients measure the
 * response time everyone else sees.
 */
final class SlowClientsExperiment implements Experiment {

    static final String SINGLE = "single-threaded";
    static final String THREADED = "thread per connection (M1)";
    static final String POOLED = "pool of 4 threads (M2)";
    static final int POOL = 4;
    static final int FAST_CLIENTS = 4;
    static final int SLOW_MS = 100;
    /** Lines in one slow conversation: each answered, then SLOW_MS of thinking before the next. */
    static final int SLOW_LINES = 3;

    static final int SOCKET_TIMEOUT_MS = 20_000;
    /**
     * Requests each fast client makes at least, even when the window is over: behind many slow clients one request can
     * outlast the window, and a handful of samples per point is the least a mean and a p99 need.
     */
    static final int MIN_FAST_REQUESTS = 3;
    /** The chart the summary embeds. */
    static final String CHART = "response-times.png";

    @Override
    public String name() {
        return "slow-clients";
    }

    @Override
    public String title() {
        return "Servers under slow clients: single-threaded, thread per connection, thread pool";
    }

    @Override
    public List<String> labs() {
        return List.of(Lab.THREADED.folder());
    }

    @Override
    public List<Map<String, Object>> grid(boolean quick) {
        List<Map<String, Object>> grid = new ArrayList<>();
        for (int slow : quick ? List.of(0, 4) : List.of(0, 1, 2, 4, 8, 16)) {
            for (String server : List.of(SINGLE, THREADED, POOLED)) {
                grid.add(Point.params(
                        "server",
                        server,
                        "slowClients",
                        slow,
                        "slowMs",
                        SLOW_MS,
                        "fastClients",
                        FAST_CLIENTS,
                        "windowMs",
                        quick ? 1000 : 2000));
            }
        }
        return grid;
    }

    @Override
    public int defaultRepeats(boolean quick) {
        return quick ? 1 : 2;
    }

    @Override
    public int defaultJobs() {
        return 2; // response times are the measurement: no more JVMs than cores
    }

    @Override
    public Duration pointLimit(Point point, int repeats) {
        return Duration.ofMillis(30_000
                + repeats
                        * (longestRunMs(
                                        point.integer("slowClients"),
                                        point.integer("slowMs"),
                                        point.integer("windowMs"))
                                + 2L * SOCKET_TIMEOUT_MS));
    }

    /**
     * The longest a run can take: the window, or a single-threaded server's worst case for the minimum number of
     * requests (each waits out every slow conversation ahead of it), with room to spare on a busy machine.
     */
    static long longestRunMs(int slow, int slowMs, int windowMs) {
        long queue = (long) (slow + FAST_CLIENTS) * SLOW_LINES * slowMs;
        return Math.max(windowMs, 3L * MIN_FAST_REQUESTS * queue) + 5_000;
    }

    @Override
    public Map<String, Double> run(Point point, long seed, int repeat, Map<String, String> settings) throws Exception {
        String kind = point.text("server");
        int slow = point.integer("slowClients");
        int slowMs = point.integer("slowMs");
        int fast = point.integer("fastClients");
        int windowMs = point.integer("windowMs");
        if (repeat == 0) {
            measure(kind, 0, slowMs, fast, 300); // warm up: class loading and the JIT, untimed
        }
        return measure(kind, slow, slowMs, fast, windowMs);
    }

    private interface Server extends Closeable {
        int port();
    }

    private static Server start(String kind) throws IOException {
        Server server;
        Runnable serve;
        switch (kind) {
            case SINGLE -> {
                SingleThreadedBaseline s = new SingleThreadedBaseline(1000);
                server = wrap(s.port(), s);
                serve = () -> quietly(s::serve);
            }
            case THREADED -> {
                ThreadedTCPServer s = new ThreadedTCPServer(0);
                server = wrap(s.port(), s);
                serve = () -> quietly(s::serve);
            }
            case POOLED -> {
                PooledTCPServer s = new PooledTCPServer(0, POOL, SOCKET_TIMEOUT_MS);
                server = wrap(s.port(), s);
                serve = () -> quietly(s::serve);
            }
            default -> throw new IllegalArgumentException("unknown server " + kind);
        }
        Thread serving = new Thread(serve, "server-under-study");
        serving.setDaemon(true);
        serving.start();
        return server;
    }

    private static Server wrap(int port, Closeable closeable) {
        return new Server() {
            public int port() {
                return port;
            }

            public void close() throws IOException {
                closeable.close();
            }
        };
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private static void quietly(IoAction action) {
        try {
            action.run();
        } catch (IOException closed) {
            // close() ends serve()
        }
    }

    private static Map<String, Double> measure(String kind, int slow, int slowMs, int fast, int windowMs)
            throws Exception {
        List<Double> times = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failures = new AtomicInteger();
        List<String> firstFailure = Collections.synchronizedList(new ArrayList<>());
        try (Server server = start(kind)) {
            List<Thread> threads = new ArrayList<>();
            CountDownLatch slowStarted = new CountDownLatch(slow);
            // The slow clients keep talking until the last fast request is answered, so that every fast request,
            // even one that outlasts the window, waits behind the same crowd.
            AtomicBoolean stop = new AtomicBoolean();
            for (int c = 0; c < slow; c++) {
                int id = c;
                threads.add(thread("slow-" + c, () -> {
                    boolean counted = false;
                    while (!stop.get()) {
                        try (Socket socket = connect(server.port())) {
                            if (!counted) {
                                slowStarted.countDown();
                                counted = true;
                            }
                            // A conversation with think time: each line is answered, then the client thinks before
                            // the next. The server holds this connection (and, unless it has threads to spare, its
                            // attention) for the whole conversation.
                            BufferedReader in = new BufferedReader(
                                    new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                            OutputStream out = socket.getOutputStream();
                            for (int line = 0; line < SLOW_LINES && !stop.get(); line++) {
                                out.write(("slow client " + id + " line " + line + "\n")
                                        .getBytes(StandardCharsets.UTF_8));
                                out.flush();
                                if (in.readLine() == null) {
                                    break;
                                }
                                Thread.sleep(slowMs); // thinking: the behaviour under study, not synchronisation
                            }
                        } catch (IOException | InterruptedException e) {
                            if (!counted) {
                                slowStarted.countDown();
                                counted = true;
                            }
                        }
                    }
                }));
            }
            threads.forEach(Thread::start);
            slowStarted.await(10, TimeUnit.SECONDS); // every slow client has its first connection
            long deadline = System.nanoTime() + windowMs * 1_000_000L;
            List<Thread> fastThreads = new ArrayList<>();
            for (int c = 0; c < fast; c++) {
                int id = c;
                fastThreads.add(thread("fast-" + c, () -> {
                    int n = 0;
                    while (n < MIN_FAST_REQUESTS || System.nanoTime() < deadline) {
                        String sentence = "fast client " + id + " request " + n++;
                        long start = System.nanoTime();
                        try (Socket socket = connect(server.port())) {
                            socket.getOutputStream().write((sentence + "\n").getBytes(StandardCharsets.UTF_8));
                            socket.getOutputStream().flush();
                            String reply = readLine(socket);
                            if (!sentence.toUpperCase(Locale.ROOT).equals(reply)) {
                                throw new IOException("expected \"" + sentence.toUpperCase(Locale.ROOT) + "\", got \""
                                        + reply + "\"");
                            }
                            times.add((System.nanoTime() - start) / 1e6);
                        } catch (IOException e) {
                            failures.incrementAndGet();
                            if (firstFailure.isEmpty()) {
                                firstFailure.add(e.toString());
                            }
                        }
                    }
                }));
            }
            fastThreads.forEach(Thread::start);
            long joinBy =
                    System.nanoTime() + (longestRunMs(slow, slowMs, windowMs) + 2L * SOCKET_TIMEOUT_MS) * 1_000_000L;
            for (Thread t : fastThreads) {
                t.join(Math.max(1, (joinBy - System.nanoTime()) / 1_000_000));
            }
            stop.set(true);
            if (fastThreads.stream().anyMatch(Thread::isAlive)) {
                throw new IOException("the fast clients were still waiting for replies after "
                        + longestRunMs(slow, slowMs, windowMs) / 1000 + " s");
            }
            for (Thread t : threads) {
                t.join(slowMs + 2L * SOCKET_TIMEOUT_MS);
            }
        }
        double[] values = times.stream().mapToDouble(Double::doubleValue).toArray();
        if (values.length == 0) {
            throw new IOException(
                    "no fast request completed" + (firstFailure.isEmpty() ? "" : ": " + firstFailure.get(0)));
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("requests", (double) values.length);
        m.put("failures", (double) failures.get());
        m.put("meanMs", Runs.Stats.of(values).mean());
        m.put("p50Ms", Runs.percentile(values, 50));
        m.put("p99Ms", Runs.percentile(values, 99));
        m.put("maxMs", Runs.Stats.of(values).max());
        return m;
    }

    private static Thread thread(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        return t;
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), SOCKET_TIMEOUT_MS);
        socket.setSoTimeout(SOCKET_TIMEOUT_MS);
        socket.setTcpNoDelay(true);
        return socket;
    }

    private static String readLine(Socket socket) throws IOException {
        String line =
                new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
        if (line == null) {
            throw new IOException("the server closed the connection without replying");
        }
        return line;
    }

    // ---------------------------------------------------------------- report

    @Override
    public void drawCharts(Runs runs, Path out, ReportContext context) throws Exception {
        Marker[] markers = {SeriesMarkers.SQUARE, SeriesMarkers.CIRCLE, SeriesMarkers.DIAMOND};
        List<XYChart> panels = new ArrayList<>();
        for (String[] metric : new String[][] {{"meanMs", "mean"}, {"p99Ms", "99th percentile"}}) {
            XYChart chart = Charts.chart(
                    metric[1] + " response time of the fast clients",
                    "slow clients (each: " + SLOW_LINES + "-line conversations, " + SLOW_MS
                            + " ms thinking after each line)",
                    metric[1] + " response time (ms, log scale)",
                    560,
                    520);
            chart.getStyler().setYAxisLogarithmic(true);
            int i = 0;
            for (String server : List.of(SINGLE, POOLED, THREADED)) {
                List<Double> x = new ArrayList<>();
                List<Double> y = new ArrayList<>();
                List<Double> e = new ArrayList<>();
                for (Map.Entry<Object, List<Run>> bySlow :
                        runs.by("slowClients", runs.where("server", server)).entrySet()) {
                    Runs.Stats s = Runs.Stats.of(bySlow.getValue(), metric[0]);
                    x.add(((Number) bySlow.getKey()).doubleValue());
                    y.add(s.mean());
                    e.add(Math.min(s.std(), s.mean() * 0.9)); // a bar below zero cannot be drawn on a log scale
                }
                if (!x.isEmpty()) {
                    Charts.joined(
                            chart,
                            server + (context.repeats() > 1 ? " (mean ± sd of runs)" : ""),
                            Charts.array(x),
                            Charts.array(y),
                            context.repeats() > 1 ? Charts.array(e) : null,
                            Charts.color(i),
                            markers[i]);
                }
                i++;
            }
            double most = runs.values("slowClients").stream()
                    .mapToDouble(v -> ((Number) v).doubleValue())
                    .max()
                    .orElse(0);
            if (metric[0].equals("meanMs") && most >= POOL) {
                double conversation = SLOW_LINES * SLOW_MS;
                // Straight lines are curves on the log scale: drawn through many points.
                double[] xs = java.util.stream.DoubleStream.iterate(1, x -> x <= most, x -> x + 0.25)
                        .toArray();
                double[] xsPool =
                        java.util.Arrays.stream(xs).filter(x -> x >= POOL).toArray();
                Charts.line(
                        chart,
                        "model, single-threaded: one conversation (" + (int) conversation + " ms) per slow client",
                        xs,
                        java.util.Arrays.stream(xs).map(x -> x * conversation).toArray(),
                        Charts.color(0),
                        Charts.DASHED);
                Charts.line(
                        chart,
                        "model, pool of " + POOL + ": slow clients ÷ " + POOL + " conversations",
                        xsPool,
                        java.util.Arrays.stream(xsPool)
                                .map(x -> x / POOL * conversation)
                                .toArray(),
                        Charts.color(1),
                        Charts.DASHED);
            }
            panels.add(chart);
        }
        Charts.saveRow(
                panels,
                "Slow clients against three servers: what " + FAST_CLIENTS + " fast clients wait for a one-line reply",
                out.resolve(CHART));
    }

    @Override
    public String summary(Runs runs, ReportContext context) {
        StringBuilder rows = new StringBuilder();
        for (String server : List.of(SINGLE, THREADED, POOLED)) {
            for (Map.Entry<Object, List<Run>> bySlow :
                    runs.by("slowClients", runs.where("server", server)).entrySet()) {
                List<Run> r = bySlow.getValue();
                rows.append(String.format(
                        Locale.ROOT,
                        "| %s | %s | %.0f | %s | %s | %s | %s | %s | %.0f |%n",
                        server,
                        Runs.format(bySlow.getKey()),
                        r.stream().mapToDouble(x -> x.metric("requests")).sum(),
                        ms(Runs.Stats.of(r, "meanMs").mean()),
                        ms(modelMeanMs(server, ((Number) bySlow.getKey()).intValue())),
                        ms(Runs.Stats.of(r, "p50Ms").mean()),
                        ms(Runs.Stats.of(r, "p99Ms").mean()),
                        ms(Runs.Stats.of(r, "maxMs").max()),
                        r.stream().mapToDouble(x -> x.metric("failures")).sum()));
            }
        }
        Object most = runs.values("slowClients").stream()
                .max((a, b) -> Double.compare(((Number) a).doubleValue(), ((Number) b).doubleValue()))
                .orElse(0);
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("pool", POOL);
        values.put("slowLines", SLOW_LINES);
        values.put("slowMs", SLOW_MS);
        values.put("fastClients", FAST_CLIENTS);
        values.put("minFastRequests", MIN_FAST_REQUESTS);
        values.put("conversationMs", SLOW_LINES * SLOW_MS);
        values.put("chart", CHART);
        values.put("rows", rows);
        values.put("mostSlowClients", Runs.format(most));
        values.put("singleWait", meanWait(runs, SINGLE, most));
        values.put("pooledWait", meanWait(runs, POOLED, most));
        values.put("threadedWait", meanWait(runs, THREADED, most));
        return ReportTemplate.load("slow-clients-summary.md").fill(values);
    }

    /**
     * The wait a fast request should see (NaN where the model says "no wait"): a single-threaded server finishes
     * every conversation ahead of it; a pool of POOL threads, once the slow clients fill it, frees a thread every
     * conversation ÷ POOL.
     */
    static double modelMeanMs(String server, int slow) {
        double conversation = SLOW_LINES * SLOW_MS;
        return switch (server) {
            case SINGLE -> slow > 0 ? slow * conversation : Double.NaN;
            case POOLED -> slow >= POOL ? (double) slow / POOL * conversation : Double.NaN;
            default -> Double.NaN;
        };
    }

    private static String meanWait(Runs runs, String server, Object slowClients) {
        return ms(Runs.Stats.of(runs.where("server", server, "slowClients", slowClients), "meanMs")
                .mean());
    }

    private static String ms(double millis) {
        if (Double.isNaN(millis)) {
            return "–";
        }
        return millis >= 100
                ? String.format(Locale.ROOT, "%.0f ms", millis)
                : String.format(Locale.ROOT, "%.1f ms", millis);
    }
}
