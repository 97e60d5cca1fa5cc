package socketlab.grader.experiments;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;
import socketlab.grader.core.Lab;
import socketlab.grader.relay.Impairment;
import socketlab.grader.relay.RelayStats;
import socketlab.grader.relay.UdpRelay;
import socketlab.udp.UDPPingerClient;
import socketlab.udp.UDPPingerServer;

/**
 * Experiment 1: lab-udp's pinger (U3) through the UDP relay. Configured loss and delay against the loss and RTT the
 * pinger reports; then delays whose round trip crosses the client's 1 s timeout, where late replies are counted as
 * lost although the relay dropped nothing.
 */
final class PingerExperiment implements Experiment {

    static final String GRID = "loss-and-delay";
    static final String SWEEP = "timeout";
    static final int JITTER_MS = 100;
    static final String LOSS_CHART = "pinger-loss.png";
    static final String RTT_CHART = "pinger-rtt.png";

    @Override
    public String name() {
        return "pinger";
    }

    @Override
    public String title() {
        return "The pinger under loss and delay";
    }

    @Override
    public List<String> labs() {
        return List.of(Lab.UDP.folder());
    }

    @Override
    public List<Map<String, Object>> grid(boolean quick) {
        List<Map<String, Object>> grid = new ArrayList<>();
        List<Double> losses = quick ? List.of(0.0, 0.3) : List.of(0.0, 0.1, 0.3, 0.5);
        List<Integer> delays = quick ? List.of(0, 50) : List.of(0, 100, 200);
        for (int delay : delays) {
            for (double loss : losses) {
                // Jitter of half the delay, as the textbook's ping server varies its delay: min, avg and max spread.
                grid.add(Point.params("series", GRID, "loss", loss, "delayMs", delay, "jitterMs", delay / 2));
            }
        }
        // The timeout sweep: no loss at all, one-way delays whose round trip (2 × delay ± up to 2 × jitter) crosses 1
        // s.
        for (int delay : quick ? List.of(550) : List.of(400, 450, 500, 550, 600)) {
            grid.add(Point.params("series", SWEEP, "loss", 0.0, "delayMs", delay, "jitterMs", JITTER_MS));
        }
        return grid;
    }

    @Override
    public int defaultRepeats(boolean quick) {
        return quick ? 1 : 6;
    }

    @Override
    public int defaultJobs() {
        return 6; // each run waits on delays and 1 s timeouts, not on the CPU
    }

    @Override
    public boolean repeatsAtOnce() {
        return true; // independent runs, each with its own server and relay
    }

    @Override
    public Duration pointLimit(Point point, int repeats) {
        return Duration.ofSeconds(30 + UDPPingerClient.PINGS * 2L + 10);
    }

    @Override
    public void warmUp(Point point) throws Exception {
        // One untimed run with no impairment: class loading and the JIT would otherwise land on the first pings.
        run(
                new Point(point.index(), Point.params("series", GRID, "loss", 0.0, "delayMs", 0, "jitterMs", 0)),
                1,
                0,
                Map.of());
    }

    @Override
    public Map<String, Double> run(Point point, long seed, int repeat, Map<String, String> settings) throws Exception {
        Impairment impairment = Impairment.none()
                .loss(point.num("loss"))
                .delay(Duration.ofMillis(point.integer("delayMs")), Duration.ofMillis(point.integer("jitterMs")));
        try (UDPPingerServer server = new UDPPingerServer(0)) {
            Thread serving = new Thread(
                    () -> {
                        try {
                            server.serve();
                        } catch (Exception closed) {
                            // close() ends serve()
                        }
                    },
                    "pinger-server");
            serving.setDaemon(true);
            serving.start();
            try (UdpRelay relay = UdpRelay.to(server.port())
                            .seed(seed)
                            .both(impairment)
                            .eventLogCapacity(0)
                            .start();
                    UDPPingerClient client = new UDPPingerClient("127.0.0.1", relay.port())) {
                List<Double> rtts = new ArrayList<>();
                int pings = UDPPingerClient.PINGS;
                for (int seq = 1; seq <= pings; seq++) {
                    double rtt = client.ping(seq);
                    if (rtt != UDPPingerClient.TIMED_OUT) {
                        rtts.add(rtt);
                    }
                }
                relay.awaitSettled(
                        Duration.ofMillis(2L * point.integer("delayMs") + 2L * point.integer("jitterMs") + 2000));
                RelayStats stats = relay.stats();
                long repliesBack = stats.downstream().forwarded(); // every reply the relay delivered, in time or late
                Map<String, Double> m = new LinkedHashMap<>();
                m.put("pings", (double) pings);
                m.put("measuredLossPct", 100.0 * (pings - rtts.size()) / pings);
                m.put("relayLossPct", 100.0 * (pings - repliesBack) / pings);
                m.put("lateRepliesPct", 100.0 * (repliesBack - rtts.size()) / pings);
                m.put(
                        "rttMinMs",
                        rtts.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN));
                m.put(
                        "rttAvgMs",
                        rtts.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN));
                m.put(
                        "rttMaxMs",
                        rtts.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN));
                return m;
            }
        }
    }

    /** The chance a round trip of 2 × delay plus two independent uniform jitters in ±jitter exceeds the timeout. */
    static double lateProbability(double delayMs, double jitterMs, double timeoutMs) {
        double x = timeoutMs - 2 * delayMs; // the jitter sum S must exceed x
        double w = 2 * jitterMs; // S is triangular on [-w, w]
        if (w == 0) {
            return x < 0 ? 1 : 0;
        }
        if (x >= w) {
            return 0;
        }
        if (x <= -w) {
            return 1;
        }
        return x >= 0 ? (w - x) * (w - x) / (2 * w * w) : 1 - (w + x) * (w + x) / (2 * w * w);
    }

    @Override
    public void drawCharts(Runs runs, Path out, ReportContext context) throws Exception {
        Marker[] markers = {SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE, SeriesMarkers.DIAMOND, SeriesMarkers.TRIANGLE_UP
        };
        List<Run> grid = runs.where("series", GRID);
        List<Run> sweep = runs.where("series", SWEEP);

        // 1. measured loss against configured loss, per delay, with the round-trip model 1 - (1 - p)^2
        XYChart lossChart = Charts.chart(
                "Reported loss against configured loss",
                "configured loss in each direction (%)",
                "pings reported lost (%)",
                560,
                520);
        lossChart.getStyler().setXAxisMin(-3.0);
        lossChart.getStyler().setYAxisMin(-5.0);
        lossChart.getStyler().setYAxisMax(100.0);
        int i = 0;
        for (Map.Entry<Object, List<Run>> byDelay : runs.by("delayMs", grid).entrySet()) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            List<Double> e = new ArrayList<>();
            for (Map.Entry<Object, List<Run>> byLoss :
                    runs.by("loss", byDelay.getValue()).entrySet()) {
                Runs.Stats s = Runs.Stats.of(byLoss.getValue(), "measuredLossPct");
                x.add(((Number) byLoss.getKey()).doubleValue() * 100 + (i - 1) * 0.6); // nudged apart so the bars show
                y.add(s.mean());
                e.add(s.std());
            }
            Charts.points(
                    lossChart,
                    "delay " + Runs.format(byDelay.getKey()) + " ms (measured, mean ± sd)",
                    Charts.array(x),
                    Charts.array(y),
                    context.repeats() > 1 ? Charts.array(e) : null,
                    Charts.color(i),
                    markers[i % markers.length]);
            i++;
        }
        double maxLoss = grid.stream().mapToDouble(r -> r.num("loss")).max().orElse(0.5) * 100;
        double[] mx = new double[51];
        double[] my = new double[51];
        for (int k = 0; k <= 50; k++) {
            mx[k] = maxLoss * k / 50;
            double p = mx[k] / 100;
            my[k] = 100 * (1 - (1 - p) * (1 - p));
        }
        Charts.line(lossChart, "model: ping or reply lost, 1 − (1 − p)²", mx, my, Charts.color(6), Charts.DASHED);

        // 2. the timeout sweep: reported loss against the round trip, with P(RTT > 1 s)
        XYChart sweepChart = Charts.chart(
                "No loss, long delays: the 1 s timeout",
                "nominal round trip, 2 × one-way delay (ms)",
                "pings reported lost (%)",
                560,
                520);
        sweepChart.getStyler().setYAxisMin(-5.0);
        sweepChart.getStyler().setYAxisMax(105.0);
        if (!sweep.isEmpty()) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            List<Double> e = new ArrayList<>();
            List<Double> relay = new ArrayList<>();
            for (Map.Entry<Object, List<Run>> byDelay :
                    runs.by("delayMs", sweep).entrySet()) {
                Runs.Stats s = Runs.Stats.of(byDelay.getValue(), "measuredLossPct");
                x.add(2 * ((Number) byDelay.getKey()).doubleValue());
                y.add(s.mean());
                e.add(s.std());
                relay.add(Runs.Stats.of(byDelay.getValue(), "relayLossPct").mean());
            }
            double timeout = UDPPingerClient.TIMEOUT_MILLIS;
            double lo = Math.min(x.get(0) - 100, timeout - 3 * JITTER_MS);
            double hi = Math.max(x.get(x.size() - 1) + 100, timeout + 3 * JITTER_MS);
            sweepChart.getStyler().setXAxisMin(lo);
            sweepChart.getStyler().setXAxisMax(hi);
            double[] sx = new double[19];
            double[] sy = new double[19];
            for (int k = 0; k < sx.length; k++) {
                sx[k] = lo + (hi - lo) * k / (sx.length - 1);
                sy[k] = 100 * lateProbability(sx[k] / 2, JITTER_MS, timeout);
            }
            Charts.line(
                    sweepChart,
                    "the client's timeout, 1 s",
                    new double[] {timeout, timeout},
                    new double[] {0, 100},
                    new java.awt.Color(0x999999),
                    Charts.DOTTED);
            Charts.line(
                    sweepChart,
                    "model: P(RTT > 1 s), RTT = 2 × (delay ± " + JITTER_MS + " ms)",
                    sx,
                    sy,
                    Charts.color(6),
                    Charts.DASHED);
            Charts.points(
                    sweepChart,
                    "reported lost by the pinger (mean ± sd)",
                    Charts.array(x),
                    Charts.array(y),
                    context.repeats() > 1 ? Charts.array(e) : null,
                    Charts.color(1),
                    SeriesMarkers.CIRCLE);
            Charts.points(
                    sweepChart,
                    "really dropped by the relay",
                    Charts.array(x),
                    Charts.array(relay),
                    null,
                    Charts.color(2),
                    SeriesMarkers.DIAMOND);
        }
        Charts.saveRow(
                List.of(lossChart, sweepChart),
                "lab-udp's pinger through the UDP relay: what it reports as loss",
                out.resolve(LOSS_CHART));

        // 3. RTT min / avg / max against delay (all losses together: loss does not change a reply's round trip), with
        // the model: 2 × delay on average, and 2 × (delay ± jitter) at the extremes.
        XYChart rttChart = Charts.chart(
                "lab-udp's pinger: round-trip time against delay (jitter ± delay / 2 each way)",
                "configured one-way delay (ms)",
                "RTT (ms), mean ± sd over runs",
                720,
                520);
        double maxDelay = grid.stream().mapToDouble(r -> r.num("delayMs")).max().orElse(200);
        double nudge = maxDelay / 100; // min, avg and max side by side, so their error bars show
        rttChart.getStyler().setXAxisMin(-maxDelay * 0.05);
        String[][] rttMetrics = {{"rttMaxMs", "max"}, {"rttAvgMs", "avg"}, {"rttMinMs", "min"}};
        for (int m = 0; m < rttMetrics.length; m++) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            List<Double> e = new ArrayList<>();
            for (Map.Entry<Object, List<Run>> byDelay : runs.by("delayMs", grid).entrySet()) {
                Runs.Stats st = Runs.Stats.of(byDelay.getValue(), rttMetrics[m][0]);
                if (st.n() > 0) {
                    x.add(((Number) byDelay.getKey()).doubleValue() + (m - 1) * nudge);
                    y.add(st.mean());
                    e.add(st.std());
                }
            }
            if (!x.isEmpty()) {
                Charts.points(
                        rttChart,
                        rttMetrics[m][1] + " RTT of a run (measured, mean ± sd)",
                        Charts.array(x),
                        Charts.array(y),
                        context.repeats() > 1 ? Charts.array(e) : null,
                        Charts.color(m),
                        markers[m % markers.length]);
            }
        }
        Charts.line(
                rttChart,
                "model: average RTT = 2 × delay",
                new double[] {0, maxDelay},
                new double[] {0, 2 * maxDelay},
                Charts.color(6),
                Charts.DASHED);
        Charts.line(
                rttChart,
                "the widest a round trip can be: 2 × delay ± 2 × jitter",
                new double[] {0, maxDelay},
                new double[] {0, 3 * maxDelay},
                Charts.color(6),
                Charts.DOTTED);
        Charts.line(
                        rttChart,
                        "lower bound",
                        new double[] {0, maxDelay},
                        new double[] {0, maxDelay},
                        Charts.color(6),
                        Charts.DOTTED)
                .setShowInLegend(false);
        Charts.save(rttChart, out.resolve(RTT_CHART));
    }

    @Override
    public String summary(Runs runs, ReportContext context) {
        List<Run> grid = runs.where("series", GRID);
        List<Run> sweep = runs.where("series", SWEEP);
        StringBuilder gridRows = new StringBuilder();
        for (Map.Entry<Object, List<Run>> byDelay : runs.by("delayMs", grid).entrySet()) {
            for (Map.Entry<Object, List<Run>> byLoss :
                    runs.by("loss", byDelay.getValue()).entrySet()) {
                gridRows.append(row(byLoss.getValue()));
            }
        }
        StringBuilder sweepRows = new StringBuilder();
        for (Map.Entry<Object, List<Run>> byDelay : runs.by("delayMs", sweep).entrySet()) {
            sweepRows.append(row(byDelay.getValue()));
        }
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("pings", UDPPingerClient.PINGS);
        values.put("sweepJitterMs", JITTER_MS);
        values.put("timeoutMs", UDPPingerClient.TIMEOUT_MILLIS);
        values.put("lossChart", LOSS_CHART);
        values.put("rttChart", RTT_CHART);
        values.put("gridRows", gridRows);
        values.put(
                "sweepDelays",
                sweep.isEmpty()
                        ? "(none run)"
                        : runs.by("delayMs", sweep).keySet().stream()
                                        .map(Runs::format)
                                        .toList() + " ms");
        values.put("sweepSpreadMs", 2 * JITTER_MS);
        values.put("sweepRows", sweepRows);
        values.put(
                "longestDelayMs",
                Runs.format(
                        grid.stream().mapToDouble(r -> r.num("delayMs")).max().orElse(0)));
        values.put(
                "lateRepliesPct",
                String.format(
                        Locale.ROOT,
                        "%.0f",
                        Runs.Stats.of(grid, "lateRepliesPct").mean()));
        values.put(
                "slowestRttMs",
                String.format(
                        Locale.ROOT, "%.0f", Runs.Stats.of(grid, "rttMaxMs").max()));
        values.put("timeoutFinding", timeoutFinding(runs, sweep));
        return ReportTemplate.load("pinger-summary.md").fill(values);
    }

    private static String row(List<Run> runs) {
        Run first = runs.get(0);
        double p = first.num("loss");
        boolean sweep = SWEEP.equals(first.param("series"));
        double model = sweep
                ? 100 * lateProbability(first.num("delayMs"), first.num("jitterMs"), UDPPingerClient.TIMEOUT_MILLIS)
                : 100 * (1 - (1 - p) * (1 - p));
        Runs.Stats reported = Runs.Stats.of(runs, "measuredLossPct");
        return String.format(
                Locale.ROOT,
                "| %.0f%% | %s ms%s | %.0f%% ± %.0f | %.0f%% | %.0f%% | %.0f%% | %s |%n",
                p * 100,
                Runs.format(first.num("delayMs")),
                first.num("jitterMs") > 0 ? " ± " + Runs.format(first.num("jitterMs")) : "",
                reported.mean(),
                reported.std(),
                model,
                Runs.Stats.of(runs, "relayLossPct").mean(),
                Runs.Stats.of(runs, "lateRepliesPct").mean(),
                rtt(runs));
    }

    private static String rtt(List<Run> runs) {
        Runs.Stats min = Runs.Stats.of(runs, "rttMinMs");
        if (min.n() == 0) {
            return "no replies in time";
        }
        return String.format(
                Locale.ROOT,
                "%.1f / %.1f / %.1f ms",
                min.min(),
                Runs.Stats.of(runs, "rttAvgMs").mean(),
                Runs.Stats.of(runs, "rttMaxMs").max());
    }

    /** Where the 1 s timeout starts to report delay as loss, if it does: the sweep's finding, one sentence. */
    private static String timeoutFinding(Runs runs, List<Run> sweep) {
        Object firstMisreport = null;
        for (Map.Entry<Object, List<Run>> byDelay : runs.by("delayMs", sweep).entrySet()) {
            if (Runs.Stats.of(byDelay.getValue(), "lateRepliesPct").mean() > 0) {
                firstMisreport = byDelay.getKey();
                break;
            }
        }
        if (firstMisreport != null) {
            double d = ((Number) firstMisreport).doubleValue();
            return String.format(
                    Locale.ROOT,
                    "With no loss at all, the 1 s timeout starts to report delay as "
                            + "loss at a one-way delay of %s ± %d ms (round trips up to %.0f ms): there, %.0f%% of "
                            + "the pings were reported lost although the relay dropped none; every one of those "
                            + "replies came back, late.",
                    Runs.format(d),
                    JITTER_MS,
                    2 * d + 2 * JITTER_MS,
                    Runs.Stats.of(runs.where("series", SWEEP, "delayMs", firstMisreport), "measuredLossPct")
                            .mean());
        }
        return sweep.isEmpty() ? "" : "No reply in the timeout sweep came back late.";
    }
}
