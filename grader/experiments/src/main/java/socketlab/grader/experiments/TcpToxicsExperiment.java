package socketlab.grader.experiments;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.markers.SeriesMarkers;
import socketlab.grader.core.Lab;
import socketlab.grader.toxiproxy.TcpPath;
import socketlab.grader.toxiproxy.ToxiproxyBackends;
import socketlab.tcp.StatsClient;
import socketlab.tcp.StatsServer;
import socketlab.tcp.WebServer;

/**
 * Experiment 3: lab-tcp's programs through Toxiproxy. A bulk download from the web server (T3) against latency and
 * bandwidth, and request/response with the stats client and server (T2) against the slicer, which cuts each request
 * into small pieces sent some time apart.
 */
final class TcpToxicsExperiment implements Experiment {

    static final String LATENCY = "latency";
    static final String BANDWIDTH = "bandwidth";
    static final String SLICER = "slicer";
    static final int SLICE_BYTES = 8;
    /** The chart the summary embeds. */
    static final String CHART = "tcp-toxics.png";
    /** One request line of the stats protocol: 63 bytes and the newline, so the slicer cuts it into 8 pieces. */
    static final String REQUEST = "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 245";

    @Override
    public String name() {
        return "tcp-toxics";
    }

    @Override
    public String title() {
        return "TCP through Toxiproxy: bulk transfer against latency and bandwidth, request/response against the "
                + "slicer";
    }

    @Override
    public List<String> labs() {
        return List.of(Lab.TCP.folder());
    }

    @Override
    public List<Map<String, Object>> grid(boolean quick) {
        int bytes = quick ? 64_000 : 256_000;
        List<Map<String, Object>> grid = new ArrayList<>();
        for (int latency : quick ? List.of(0, 50) : List.of(0, 25, 50, 100, 200)) {
            grid.add(Point.params(
                    "series", LATENCY, "latencyMs", latency, "bandwidthKBps", 0, "sliceDelayMs", 0, "bytes", bytes));
        }
        for (int rate : quick ? List.of(500, 2000) : List.of(250, 500, 1000, 2000, 4000)) {
            grid.add(Point.params(
                    "series", BANDWIDTH, "latencyMs", 0, "bandwidthKBps", rate, "sliceDelayMs", 0, "bytes", bytes));
        }
        for (int delay : quick ? List.of(0, 5) : List.of(0, 1, 2, 5, 10)) {
            grid.add(Point.params(
                    "series",
                    SLICER,
                    "latencyMs",
                    0,
                    "bandwidthKBps",
                    0,
                    "sliceDelayMs",
                    delay,
                    "requests",
                    quick ? 10 : 20));
        }
        return grid;
    }

    @Override
    public int defaultRepeats(boolean quick) {
        return quick ? 1 : 3;
    }

    @Override
    public int defaultJobs() {
        return 2;
    }

    @Override
    public Duration pointLimit(Point point, int repeats) {
        return Duration.ofSeconds(40 + repeats * 30L);
    }

    @Override
    public Map<String, Double> run(Point point, long seed, int repeat, Map<String, String> settings) throws Exception {
        return point.text("series").equals(SLICER) ? requestResponse(point, repeat) : bulk(point, seed, repeat);
    }

    /** GET one file from lab-tcp's web server through the path; times connect to the last byte. */
    private static Map<String, Double> bulk(Point point, long seed, int repeat) throws Exception {
        int bytes = point.integer("bytes");
        byte[] file = new byte[bytes];
        new SplittableRandom(seed).nextBytes(file);
        Path root = Files.createTempDirectory("socketlab-web-");
        Files.write(root.resolve("bulk.bin"), file);
        try (WebServer server = new WebServer(0, root)) {
            daemon("web-server", () -> {
                try {
                    server.serve();
                } catch (IOException closed) {
                    // close() ends serve()
                }
            });
            try (TcpPath path = TcpPath.to(server.port())) {
                if (repeat == 0) {
                    get(path, "/bulk.bin"); // warm up, untimed
                }
                long latency = point.integer("latencyMs");
                if (latency > 0) {
                    path.latency(Duration.ofMillis(latency), Duration.ZERO)
                            .latencyUpstream(Duration.ofMillis(latency), Duration.ZERO);
                }
                if (point.integer("bandwidthKBps") > 0) {
                    path.bandwidth(point.integer("bandwidthKBps"));
                }
                long start = System.nanoTime();
                byte[] response = get(path, "/bulk.bin");
                double ms = (System.nanoTime() - start) / 1e6;
                byte[] body = body(response);
                if (!Arrays.equals(body, file)) {
                    throw new IOException("the body of the response (" + body.length + " bytes) is not the file ("
                            + bytes + " bytes)");
                }
                Map<String, Double> m = new LinkedHashMap<>();
                m.put("transferMs", ms);
                m.put("throughputKBps", bytes / ms);
                return m;
            }
        } finally {
            Files.deleteIfExists(root.resolve("bulk.bin"));
            Files.deleteIfExists(root);
        }
    }

    private static byte[] get(TcpPath path, String target) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(path.host(), path.port()), 10_000);
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + target + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            in.transferTo(response);
            return response.toByteArray();
        }
    }

    private static byte[] body(byte[] response) throws IOException {
        for (int i = 0; i + 3 < response.length; i++) {
            if (response[i] == '\r' && response[i + 1] == '\n' && response[i + 2] == '\r' && response[i + 3] == '\n') {
                String head = new String(response, 0, i, StandardCharsets.ISO_8859_1);
                if (!head.startsWith("HTTP/1.") || !head.split("\r\n")[0].contains(" 200 ")) {
                    throw new IOException("expected a 200 response, got: " + head.split("\r\n")[0]);
                }
                return Arrays.copyOfRange(response, i + 4, response.length);
            }
        }
        throw new IOException("the response has no empty line after its headers (" + response.length + " bytes)");
    }

    /** Request/response with lab-tcp's stats client and server, each request sliced on its way to the server. */
    private static Map<String, Double> requestResponse(Point point, int repeat) throws Exception {
        int requests = point.integer("requests");
        try (StatsServer server = new StatsServer(0)) {
            daemon("stats-server", () -> {
                try {
                    server.serve();
                } catch (IOException closed) {
                    // close() ends serve()
                }
            });
            String expected;
            try (StatsClient direct = new StatsClient("127.0.0.1", server.port())) {
                expected = direct.request(REQUEST); // the reply without any toxic, to check every sliced one against
            }
            try (TcpPath path = TcpPath.to(server.port())) {
                int delay = point.integer("sliceDelayMs");
                path.slicer(SLICE_BYTES, 0, Duration.ofMillis(delay));
                try (StatsClient client = new StatsClient(path.host(), path.port())) {
                    client.request(REQUEST); // the first one opens the connection's way through the proxy: untimed
                    double[] times = new double[requests];
                    for (int i = 0; i < requests; i++) {
                        long start = System.nanoTime();
                        String reply = client.request(REQUEST);
                        times[i] = (System.nanoTime() - start) / 1e6;
                        if (!expected.equals(reply)) {
                            throw new IOException(
                                    "request " + (i + 1) + ": expected \"" + expected + "\", got \"" + reply + "\"");
                        }
                    }
                    Map<String, Double> m = new LinkedHashMap<>();
                    m.put("responseMs", Runs.Stats.of(times).mean());
                    m.put("responseMaxMs", Runs.Stats.of(times).max());
                    m.put("pieces", (double) pieces(REQUEST.length() + 1, SLICE_BYTES));
                    return m;
                }
            }
        }
    }

    /** How many pieces Toxiproxy's slicer (recursive halving, no size variation) cuts {@code length} bytes into. */
    static int pieces(int length, int average) {
        return length - average <= 0 ? 1 : pieces(length / 2, average) + pieces(length - length / 2, average);
    }

    private static void daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
    }

    // ---------------------------------------------------------------- report

    @Override
    public void drawCharts(Runs runs, Path out, ReportContext context) throws Exception {
        boolean bars = context.repeats() > 1;
        Series s = Series.of(runs);

        XYChart latencyChart = Charts.chart(
                "Bulk transfer against latency", "latency toxic, each direction (ms)", "transfer time (ms)", 520, 500);
        series(runs, s.latency(), "latencyMs", "transferMs", latencyChart, "measured (mean ± sd)", bars, 0);
        double maxLatency =
                s.latency().stream().mapToDouble(r -> r.num("latencyMs")).max().orElse(200);
        Charts.line(
                latencyChart,
                String.format(Locale.ROOT, "model: 2 × latency + %.0f ms (no toxic)", s.baseMs()),
                new double[] {0, maxLatency},
                new double[] {s.baseMs(), s.baseMs() + 2 * maxLatency},
                Charts.color(6),
                Charts.DASHED);

        XYChart bandwidthChart = Charts.chart(
                "Bulk transfer against bandwidth",
                "bandwidth toxic (kB/s, log scale)",
                "transfer time (ms, log scale)",
                520,
                500);
        bandwidthChart.getStyler().setXAxisLogarithmic(true);
        bandwidthChart.getStyler().setYAxisLogarithmic(true);
        series(runs, s.bandwidth(), "bandwidthKBps", "transferMs", bandwidthChart, "measured (mean ± sd)", bars, 0);
        if (!s.bandwidth().isEmpty()) {
            double lo = s.bandwidth().stream()
                    .mapToDouble(r -> r.num("bandwidthKBps"))
                    .min()
                    .orElse(100);
            double hi = s.bandwidth().stream()
                    .mapToDouble(r -> r.num("bandwidthKBps"))
                    .max()
                    .orElse(4000);
            double[] x = new double[13];
            double[] y = new double[13];
            for (int k = 0; k < x.length; k++) {
                x[k] = lo * Math.pow(hi / lo, k / 12.0);
                y[k] = s.bytes() / x[k] + s.baseMs(); // bytes / (kB/s) = ms
            }
            Charts.line(bandwidthChart, "model: size / bandwidth", x, y, Charts.color(6), Charts.DASHED);
        }

        XYChart slicerChart = Charts.chart(
                "Request/response against the slicer",
                "slicer delay between pieces (ms)",
                "response time per request (ms)",
                520,
                500);
        series(
                runs,
                s.slicer(),
                "sliceDelayMs",
                "responseMs",
                slicerChart,
                "stats client and server (mean ± sd)",
                bars,
                2);
        int pieces = pieces(REQUEST.length() + 1, SLICE_BYTES);
        double maxDelay = s.slicer().stream()
                .mapToDouble(r -> r.num("sliceDelayMs"))
                .max()
                .orElse(10);
        Charts.line(
                slicerChart,
                "model: " + pieces + " pieces × delay",
                new double[] {0, maxDelay},
                new double[] {s.slicedMs(), s.slicedMs() + pieces * maxDelay},
                Charts.color(6),
                Charts.DASHED);
        Charts.saveRow(
                List.of(latencyChart, bandwidthChart, slicerChart),
                "lab-tcp through Toxiproxy: web server (T3) bulk download of " + s.bytes() / 1000
                        + " kB, stats client and server (T2)",
                out.resolve(CHART));
    }

    @Override
    public String summary(Runs runs, ReportContext context) {
        Series s = Series.of(runs);
        int pieces = pieces(REQUEST.length() + 1, SLICE_BYTES);
        StringBuilder rows = new StringBuilder();
        for (Map.Entry<Object, List<Run>> e : runs.by("latencyMs", s.latency()).entrySet()) {
            double l = ((Number) e.getKey()).doubleValue();
            rows.append(String.format(
                    Locale.ROOT,
                    "| latency | %s ms | %.1f ms | %.1f ms |%n",
                    Runs.format(l),
                    Runs.Stats.of(e.getValue(), "transferMs").mean(),
                    s.baseMs() + 2 * l));
        }
        for (Map.Entry<Object, List<Run>> e :
                runs.by("bandwidthKBps", s.bandwidth()).entrySet()) {
            double b = ((Number) e.getKey()).doubleValue();
            rows.append(String.format(
                    Locale.ROOT,
                    "| bandwidth | %s kB/s | %.0f ms | %.0f ms |%n",
                    Runs.format(b),
                    Runs.Stats.of(e.getValue(), "transferMs").mean(),
                    s.bytes() / b + s.baseMs()));
        }
        for (Map.Entry<Object, List<Run>> e :
                runs.by("sliceDelayMs", s.slicer()).entrySet()) {
            double d = ((Number) e.getKey()).doubleValue();
            rows.append(String.format(
                    Locale.ROOT,
                    "| slicer (%d-byte pieces) | %s ms apart | %.1f ms per request | %.1f ms |%n",
                    SLICE_BYTES,
                    Runs.format(d),
                    Runs.Stats.of(e.getValue(), "responseMs").mean(),
                    s.slicedMs() + pieces * d));
        }
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("fileKB", s.bytes() / 1000);
        values.put("requestBytes", REQUEST.length() + 1);
        values.put("sliceBytes", SLICE_BYTES);
        values.put("backend", settingsBackend());
        values.put("chart", CHART);
        values.put("rows", rows);
        values.put("pieces", pieces);
        return ReportTemplate.load("tcp-toxics-summary.md").fill(values);
    }

    /**
     * Each series' runs, and what the models start from (0 where it was not measured): a transfer's time without
     * a toxic, the file's size, and a request's time through the slicer with no delay.
     */
    private record Series(
            List<Run> latency, List<Run> bandwidth, List<Run> slicer, double baseMs, int bytes, double slicedMs) {
        static Series of(Runs runs) {
            List<Run> lat = runs.where("series", LATENCY);
            List<Run> bw = runs.where("series", BANDWIDTH);
            double base = Runs.Stats.of(runs.where("series", LATENCY, "latencyMs", 0), "transferMs")
                    .mean();
            double sliced = Runs.Stats.of(runs.where("series", SLICER, "sliceDelayMs", 0), "responseMs")
                    .mean();
            List<Run> sized = lat.isEmpty() ? bw : lat;
            int bytes = sized.isEmpty() ? 0 : (int) sized.get(0).num("bytes");
            return new Series(
                    lat,
                    bw,
                    runs.where("series", SLICER),
                    Double.isNaN(base) ? 0 : base,
                    bytes,
                    Double.isNaN(sliced) ? 0 : sliced);
        }
    }

    private static String settingsBackend() {
        String forced = System.getProperty(ToxiproxyBackends.BACKEND_PROPERTY, "");
        return !forced.isBlank()
                ? forced
                : "embedded (the kit's Toxiproxy-compatible engine; set "
                        + "-Dsocketlab.toxiproxy.backend=docker for a container)";
    }

    private static void series(
            Runs runs,
            List<Run> subset,
            String param,
            String metric,
            XYChart chart,
            String name,
            boolean bars,
            int color) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        List<Double> e = new ArrayList<>();
        for (Map.Entry<Object, List<Run>> g : runs.by(param, subset).entrySet()) {
            Runs.Stats s = Runs.Stats.of(g.getValue(), metric);
            x.add(((Number) g.getKey()).doubleValue());
            y.add(s.mean());
            e.add(Math.min(s.std(), s.mean() * 0.9));
        }
        if (!x.isEmpty()) {
            Charts.points(
                    chart,
                    name,
                    Charts.array(x),
                    Charts.array(y),
                    bars ? Charts.array(e) : null,
                    Charts.color(color),
                    SeriesMarkers.CIRCLE);
        }
    }
}
