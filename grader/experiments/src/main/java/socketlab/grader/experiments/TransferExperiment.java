package socketlab.grader.experiments;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.markers.SeriesMarkers;
import socketlab.grader.core.Lab;
import socketlab.grader.relay.DirectionStats;
import socketlab.grader.relay.Impairment;
import socketlab.grader.relay.RelayStats;
import socketlab.grader.relay.UdpRelay;
import socketlab.udp.GbnSender;
import socketlab.udp.RdtPacket;
import socketlab.udp.RdtReceiver;
import socketlab.udp.RdtSender;

/**
 * Experiment 2: lab-udp's stop-and-wait (rdt 3.0, U4) and Go-Back-N (U5) senders move a file through the UDP relay
 * at several delays and losses; goodput against loss, with the textbook's stop-and-wait model drawn as a line.
 */
final class TransferExperiment implements Experiment {

    static final String SW = "stop-and-wait";
    static final String GBN = "go-back-n";
    static final int WINDOW = 8;
    /** How the relay loses datagrams: each one independently, or in bursts (Gilbert-Elliott) of the same mean loss. */
    static final String INDEPENDENT = "independent";

    static final String BURSTY = "bursty";
    /** The bursty points' mean run of losses, in datagrams (independent loss at 20% makes runs of 1.25). */
    static final double MEAN_BURST = 4;
    /** The check the summary (and the build's test) makes: measured stop-and-wait goodput within this of the model. */
    static final double AGREEMENT = 0.10;
    /** The chart the summary embeds. */
    static final String CHART = "goodput-vs-loss.png";

    @Override
    public String name() {
        return "transfer";
    }

    @Override
    public String title() {
        return "Stop-and-wait vs Go-Back-N under loss";
    }

    @Override
    public List<String> labs() {
        return List.of(Lab.UDP.folder());
    }

    static List<Integer> delays(boolean quick) {
        return quick ? List.of(20) : List.of(5, 10, 20);
    }

    static List<Double> losses(boolean quick) {
        return quick ? List.of(0.0, 0.2, 0.4) : List.of(0.0, 0.1, 0.2, 0.3, 0.4);
    }

    /** The mean losses of the bursty points, at the longest delay. */
    static List<Double> burstyLosses(boolean quick) {
        return quick ? List.of(0.2) : List.of(0.1, 0.2, 0.3);
    }

    /** The retransmission timer for a one-way delay: twice the round trip, plus 10 ms. */
    static int timeoutFor(int delayMs) {
        return 4 * delayMs + 10;
    }

    /**
     * Packets per run. The default grid sends enough that chance alone (the geometric number of failed attempts) moves
     * a point's pooled goodput by less than {@link #DRAW_TOLERANCE} in {@link #DRAW_SIGMAS} standard deviations, so the
     * comparison with the model at the configured loss is about the model, not the luck of the draw; the quick grid
     * only needs its runs to end in seconds.
     */
    static int packetsPerRun(int delay, double loss, boolean quick) {
        int timeout = timeoutFor(delay);
        double roundTrip = 2.0 * delay + 0.5;
        if (quick) {
            return (int) Math.max(
                    16,
                    Math.min(300, Math.round(1500 / StopAndWaitModel.millisPerPacket(loss, loss, roundTrip, timeout))));
        }
        double perPacketCv = drawSd(loss, roundTrip, timeout, 1);
        double total = Math.pow(DRAW_SIGMAS * perPacketCv / DRAW_TOLERANCE, 2);
        return (int) Math.max(40, Math.ceil(total / DEFAULT_REPEATS));
    }

    static final double DRAW_SIGMAS = 3;
    static final double DRAW_TOLERANCE = 0.085;
    static final int DEFAULT_REPEATS = 4;

    @Override
    public List<Map<String, Object>> grid(boolean quick) {
        List<Map<String, Object>> grid = new ArrayList<>();
        for (int delay : delays(quick)) {
            for (double loss : losses(quick)) {
                addPoints(grid, delay, loss, INDEPENDENT, quick);
            }
        }
        int longest = delays(quick).get(delays(quick).size() - 1);
        for (double loss : burstyLosses(quick)) {
            addPoints(grid, longest, loss, BURSTY, quick);
        }
        return grid;
    }

    private static void addPoints(
            List<Map<String, Object>> grid, int delay, double loss, String lossModel, boolean quick) {
        int timeout = timeoutFor(delay);
        int packets = packetsPerRun(delay, loss, quick);
        grid.add(Point.params(
                "protocol",
                SW,
                "lossModel",
                lossModel,
                "delayMs",
                delay,
                "loss",
                loss,
                "timeoutMs",
                timeout,
                "packets",
                packets));
        // Go-Back-N's timeouts vary less per packet (a loss costs one timer, not a packet's whole round trip and more):
        // a third of the packets measures it as well.
        grid.add(Point.params(
                "protocol",
                GBN,
                "lossModel",
                lossModel,
                "delayMs",
                delay,
                "loss",
                loss,
                "timeoutMs",
                timeout,
                "packets",
                quick ? packets : Math.max(40, packets / 3)));
    }

    @Override
    public int defaultRepeats(boolean quick) {
        return quick ? 3 : DEFAULT_REPEATS;
    }

    @Override
    public int defaultJobs() {
        return 5; // each with its repeats at once: the runs wait on delays and timers, not on the CPU
    }

    @Override
    public boolean repeatsAtOnce() {
        return true;
    }

    @Override
    public Duration pointLimit(Point point, int repeats) {
        double perPacket = StopAndWaitModel.millisPerPacket(
                point.num("loss"), point.num("loss"), 2 * point.num("delayMs") + 1, point.num("timeoutMs"));
        double runMs = (point.num("packets") + 1) * perPacket * 3 + 5000; // the repeats run at once
        return Duration.ofMillis((long) (30_000 + runMs));
    }

    @Override
    public void warmUp(Point point) throws Exception {
        transfer(
                point.text("protocol"),
                new byte[30 * RdtPacket.MAX_PAYLOAD],
                Impairment.none(),
                50,
                1,
                false); // the JIT
    }

    @Override
    public Map<String, Double> run(Point point, long seed, int repeat, Map<String, String> settings) throws Exception {
        String protocol = point.text("protocol");
        int delay = point.integer("delayMs");
        double loss = point.num("loss");
        int timeout = point.integer("timeoutMs");
        int packets = point.integer("packets");
        byte[] data = new byte[packets * RdtPacket.MAX_PAYLOAD];
        new SplittableRandom(seed).nextBytes(data);

        // The model's round trip (L/R + RTT), measured as ping measures it: a full-size packet out and an ACK-size
        // reply back through the same delay, without loss (the grader's own sockets, so no lab code is timed here).
        double roundTripMs = pingMillis(delay);

        Impairment lossy = BURSTY.equals(point.text("lossModel"))
                ? Impairment.none().burstLoss(loss, MEAN_BURST)
                : Impairment.none().loss(loss);
        Transfer t = transfer(protocol, data, lossy.delay(Duration.ofMillis(delay)), timeout, seed, true);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("seconds", t.seconds());
        m.put("goodputKBps", data.length / t.seconds() / 1000);
        m.put("msPerPacket", t.seconds() * 1000 / (packets + 1));
        m.put("roundTripMs", roundTripMs);
        m.put("datagramsSent", (double) t.sent());
        m.put("retransmissions", (double) (t.sent() - packets - 1));
        m.put("lossUpRealised", realisedLoss(t.stats().upstream()));
        m.put("lossDownRealised", realisedLoss(t.stats().downstream()));
        return m;
    }

    /** The median round trip of a data-size datagram and an ACK-size reply through a relay with this delay. */
    static double pingMillis(int delayMs) throws Exception {
        try (DatagramSocket echo = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                UdpRelay relay = UdpRelay.to(echo.getLocalPort())
                        .both(Impairment.none().delay(Duration.ofMillis(delayMs)))
                        .eventLogCapacity(0)
                        .start();
                DatagramSocket client = new DatagramSocket()) {
            Thread echoing = new Thread(
                    () -> {
                        byte[] buffer = new byte[65_535];
                        byte[] ack = RdtPacket.ack(0);
                        try {
                            while (true) {
                                DatagramPacket in = new DatagramPacket(buffer, buffer.length);
                                echo.receive(in);
                                echo.send(new DatagramPacket(ack, ack.length, in.getSocketAddress()));
                            }
                        } catch (Exception closed) {
                            // the calibration is over
                        }
                    },
                    "calibration-echo");
            echoing.setDaemon(true);
            echoing.start();
            client.setSoTimeout(2000 + 4 * delayMs);
            byte[] packet =
                    RdtPacket.encode(RdtPacket.DATA, 0, new byte[RdtPacket.MAX_PAYLOAD], 0, RdtPacket.MAX_PAYLOAD);
            byte[] buffer = new byte[64];
            double[] times = new double[24];
            for (int i = -2; i < times.length; i++) { // the first two set up the relay's session and warm up
                long start = System.nanoTime();
                client.send(new DatagramPacket(packet, packet.length, relay.address()));
                client.receive(new DatagramPacket(buffer, buffer.length));
                if (i >= 0) {
                    times[i] = (System.nanoTime() - start) / 1e6;
                }
            }
            return Runs.percentile(times, 50); // the median: a busy machine's scheduling spikes are not the path's RTT
        }
    }

    private record Transfer(double seconds, long sent, RelayStats stats) {}

    /**
     * Sends {@code data} with one of the lab's senders through a relay with {@code impairment}; if {@code verify},
     * waits for the receiver (its linger) and checks what it delivered.
     */
    private static Transfer transfer(
            String protocol, byte[] data, Impairment impairment, int timeout, long seed, boolean verify)
            throws Exception {
        try (RdtReceiver receiver = new RdtReceiver(0);
                UdpRelay relay = UdpRelay.to(receiver.port())
                        .seed(seed)
                        .both(impairment)
                        .eventLogCapacity(0)
                        .start()) {
            CompletableFuture<byte[]> received = new CompletableFuture<>();
            Thread receiving = new Thread(
                    () -> {
                        try {
                            received.complete(receiver.receive());
                        } catch (Throwable e) {
                            received.completeExceptionally(e);
                        }
                    },
                    "receiver");
            receiving.setDaemon(true);
            receiving.start();

            long sent;
            long start = System.nanoTime();
            if (protocol.equals(SW)) {
                try (RdtSender sender = new RdtSender("127.0.0.1", relay.port(), timeout)) {
                    sender.send(data);
                    sent = sender.datagramsSent();
                }
            } else {
                try (GbnSender sender = new GbnSender("127.0.0.1", relay.port(), timeout, WINDOW)) {
                    sender.send(data);
                    sent = sender.datagramsSent();
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (!verify) {
                return new Transfer(seconds, sent, relay.stats());
            }
            byte[] got = received.get(RdtReceiver.LINGER_MILLIS + 10_000L, TimeUnit.MILLISECONDS);
            if (!Arrays.equals(got, data)) {
                throw new IllegalStateException("the receiver delivered " + got.length + " bytes that differ from the "
                        + data.length + " sent");
            }
            relay.awaitSettled(Duration.ofSeconds(2));
            return new Transfer(seconds, sent, relay.stats());
        }
    }

    private static double realisedLoss(DirectionStats direction) {
        return direction.received() == 0 ? 0 : (double) direction.dropped() / direction.received();
    }

    // ---------------------------------------------------------------- report

    /**
     * One row of the agreement table: a stop-and-wait grid point, measured against the model. The differences pool the
     * point's runs (all their packets over all their time, against the model's time for the same packets with each
     * run's own measured round trip), so the comparison rests on every packet sent at that point.
     */
    record Agreement(
            int delayMs,
            double loss,
            int runs,
            int packetsPerRun,
            double roundTripMs,
            double measured,
            double std,
            double model,
            double modelRealised,
            double error,
            double errorRealised,
            double lossUp,
            double lossDown,
            double drawSd) {}

    /**
     * The luck of the draw: the relative standard deviation of the mean time per packet over {@code packets} packets,
     * from the geometric number of failed attempts (variance (1 − q)/q², each costing T_eff).
     */
    static double drawSd(double loss, double roundTripMs, double timeoutMs, int packets) {
        double q = (1 - loss) * (1 - loss);
        double perPacketSd = Math.sqrt(1 - q) / q * StopAndWaitModel.effectiveTimeout(timeoutMs);
        return perPacketSd / StopAndWaitModel.millisPerPacket(loss, loss, roundTripMs, timeoutMs) / Math.sqrt(packets);
    }

    /** The model's round trip (L/R + RTT) at a delay: the mean of the stop-and-wait runs' calibrations. */
    static double roundTripMs(Runs runs, Object delay) {
        return Runs.Stats.of(runs.where("protocol", SW, "lossModel", INDEPENDENT, "delayMs", delay), "roundTripMs")
                .mean();
    }

    /** Stop-and-wait under independent loss, against its model: the table the build checks. */
    static List<Agreement> agreements(Runs runs) {
        return agreements(runs, SW, INDEPENDENT);
    }

    /** One protocol's grid points under one loss model, against that protocol's model at the mean loss. */
    static List<Agreement> agreements(Runs runs, String protocol, String lossModel) {
        List<Agreement> rows = new ArrayList<>();
        for (Object delay : runs.values("delayMs")) {
            for (Object loss : runs.values("loss")) {
                List<Run> points =
                        runs.where("protocol", protocol, "lossModel", lossModel, "delayMs", delay, "loss", loss);
                if (points.isEmpty()) {
                    continue;
                }
                Run first = points.get(0);
                int packets = (int) first.num("packets");
                long bytes = (long) packets * RdtPacket.MAX_PAYLOAD;
                double p = first.num("loss");
                double t = first.num("timeoutMs");
                double rtt = Runs.Stats.of(points, "roundTripMs").mean();
                double seconds = 0;
                double modelSeconds = 0;
                double modelSecondsRealised = 0;
                for (Run r : points) {
                    seconds += r.metric("seconds");
                    modelSeconds += modelMillis(protocol, packets, p, p, r.metric("roundTripMs"), t) / 1000;
                    modelSecondsRealised += modelMillis(
                                    protocol,
                                    packets,
                                    r.metric("lossUpRealised"),
                                    r.metric("lossDownRealised"),
                                    r.metric("roundTripMs"),
                                    t)
                            / 1000;
                }
                double pooled = points.size() * bytes / seconds / 1000;
                rows.add(new Agreement(
                        (int) first.num("delayMs"),
                        p,
                        points.size(),
                        packets,
                        rtt,
                        pooled,
                        Runs.Stats.of(points, "goodputKBps").std(),
                        bytes / modelMillis(protocol, packets, p, p, rtt, t),
                        points.size() * bytes / modelSecondsRealised / 1000,
                        modelSeconds / seconds - 1,
                        modelSecondsRealised / seconds - 1,
                        Runs.Stats.of(points, "lossUpRealised").mean(),
                        Runs.Stats.of(points, "lossDownRealised").mean(),
                        protocol.equals(SW)
                                ? drawSd(p, rtt, t, points.size() * (packets + 1))
                                : gbnDrawSd(p, rtt, t, points.size() * (packets + 1))));
            }
        }
        return rows;
    }

    /** The model's time for a transfer of {@code packets} data packets and the FIN. */
    static double modelMillis(
            String protocol, int packets, double lossUp, double lossDown, double roundTripMs, double timeoutMs) {
        return protocol.equals(SW)
                ? (packets + 1) * StopAndWaitModel.millisPerPacket(lossUp, lossDown, roundTripMs, timeoutMs)
                : GoBackNModel.transferMillis(packets, lossUp, lossDown, roundTripMs, timeoutMs, WINDOW);
    }

    /**
     * Go-Back-N's luck of the draw: the timeouts per packet are geometric (variance p/(1 − p)²), each costing T_eff.
     */
    static double gbnDrawSd(double loss, double roundTripMs, double timeoutMs, int packets) {
        double perPacketSd = Math.sqrt(loss) / (1 - loss) * StopAndWaitModel.effectiveTimeout(timeoutMs);
        return perPacketSd / GoBackNModel.millisPerPacket(loss, roundTripMs, timeoutMs, WINDOW) / Math.sqrt(packets);
    }

    @Override
    public void drawCharts(Runs runs, Path out, ReportContext context) throws Exception {
        List<XYChart> panels = new ArrayList<>();
        List<Object> delays = runs.values("delayMs");
        double lowest = runs.ok().stream()
                .mapToDouble(r -> r.metric("goodputKBps"))
                .filter(v -> v > 0)
                .min()
                .orElse(1);
        double highest = runs.ok().stream()
                .mapToDouble(r -> r.metric("goodputKBps"))
                .max()
                .orElse(1000);
        double yMin = lowest * 0.6;
        double yMax = highest * 1.6;
        for (Object delay : delays) {
            int d = ((Number) delay).intValue();
            XYChart chart = Charts.chart(
                    "one-way delay " + d + " ms (RTT " + 2 * d + " ms), timer " + timeoutFor(d) + " ms",
                    "loss in each direction (%)",
                    "goodput (kB/s, log scale)",
                    520,
                    500);
            chart.getStyler().setYAxisLogarithmic(true);
            chart.getStyler().setYAxisMin(yMin); // the same scale in every panel, so they compare at a glance
            chart.getStyler().setYAxisMax(yMax);
            chart.getStyler().setYAxisDecimalPattern("#,##0");
            chart.getStyler().setXAxisMin(-2.0);
            chart.getStyler().setXAxisMax(42.0);
            int i = 0;
            for (String protocol : List.of(GBN, SW)) {
                List<Double> x = new ArrayList<>();
                List<Double> y = new ArrayList<>();
                List<Double> e = new ArrayList<>();
                for (Object loss : runs.values("loss")) {
                    Runs.Stats s = Runs.Stats.of(
                            runs.where("protocol", protocol, "lossModel", INDEPENDENT, "delayMs", delay, "loss", loss),
                            "goodputKBps");
                    if (s.n() > 0) {
                        x.add(((Number) loss).doubleValue() * 100);
                        y.add(s.mean());
                        e.add(s.std());
                    }
                }
                if (!x.isEmpty()) {
                    Charts.points(
                            chart,
                            (protocol.equals(SW) ? "stop-and-wait" : "Go-Back-N, window " + WINDOW)
                                    + " (measured, mean ± sd)",
                            Charts.array(x),
                            Charts.array(y),
                            context.repeats() > 1 ? Charts.array(e) : null,
                            protocol.equals(SW) ? Charts.color(0) : Charts.color(1),
                            protocol.equals(SW) ? SeriesMarkers.CIRCLE : SeriesMarkers.SQUARE);
                }
                i++;
            }
            for (String protocol : List.of(GBN, SW)) {
                List<Double> x = new ArrayList<>();
                List<Double> y = new ArrayList<>();
                for (Object loss : runs.values("loss")) {
                    Runs.Stats s = Runs.Stats.of(
                            runs.where("protocol", protocol, "lossModel", BURSTY, "delayMs", delay, "loss", loss),
                            "goodputKBps");
                    if (s.n() > 0) {
                        x.add(((Number) loss).doubleValue() * 100);
                        y.add(s.mean());
                    }
                }
                if (!x.isEmpty()) {
                    Charts.points(
                            chart,
                            (protocol.equals(SW) ? "stop-and-wait" : "Go-Back-N") + ", bursty loss (mean run "
                                    + Runs.format(MEAN_BURST) + ")",
                            Charts.array(x),
                            Charts.array(y),
                            null,
                            protocol.equals(SW) ? Charts.color(0) : Charts.color(1),
                            SeriesMarkers.TRIANGLE_UP);
                }
            }
            double rtt = roundTripMs(runs, delay);
            if (!Double.isNaN(rtt)) {
                double[] px = new double[41];
                double[] py = new double[41];
                for (int k = 0; k <= 40; k++) {
                    double p = k / 100.0;
                    px[k] = k;
                    py[k] = RdtPacket.MAX_PAYLOAD / StopAndWaitModel.millisPerPacket(p, p, rtt, timeoutFor(d)); // kB/s
                }
                double[] gy = new double[41];
                for (int k = 0; k <= 40; k++) {
                    gy[k] = RdtPacket.MAX_PAYLOAD
                            / GoBackNModel.millisPerPacket(k / 100.0, rtt, timeoutFor(d), WINDOW); // kB/s
                }
                double windowLimit = WINDOW * RdtPacket.MAX_PAYLOAD / rtt; // kB/s: N packets per round trip
                Charts.line(
                        chart,
                        "Go-Back-N's limit without loss: " + WINDOW + " packets per round trip",
                        new double[] {0, 40},
                        new double[] {windowLimit, windowLimit},
                        Charts.color(1),
                        Charts.DOTTED);
                Charts.line(chart, "Go-Back-N model", px, gy, Charts.color(1), Charts.DASHED);
                Charts.line(
                        chart,
                        "stop-and-wait model (L/R + RTT = " + String.format(Locale.ROOT, "%.1f", rtt)
                                + " ms, measured)",
                        px,
                        py,
                        Charts.color(0),
                        Charts.DASHED);
            }
            panels.add(chart);
        }
        Charts.saveRow(
                panels,
                "Goodput against loss: stop-and-wait vs Go-Back-N (lab-udp through the UDP relay, "
                        + RdtPacket.MAX_PAYLOAD + "-byte packets)",
                out.resolve(CHART));
    }

    @Override
    public String summary(Runs runs, ReportContext context) {
        List<Agreement> rows = agreements(runs);
        List<Agreement> gbnRows = agreements(runs, GBN, INDEPENDENT);
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("window", WINDOW);
        values.put("chart", CHART);
        values.put("drawSigmas", String.format(Locale.ROOT, "%.0f", DRAW_SIGMAS));
        values.put("drawTolerancePct", String.format(Locale.ROOT, "%.1f", DRAW_TOLERANCE * 100));
        values.put("stopAndWaitTable", agreementTable(rows));
        values.put("goBackNTable", agreementTable(gbnRows));
        values.put("comparisonTable", comparisonTable(runs, runs.values("delayMs")));
        values.put("finAndTimeWait", finAndTimeWait(runs));
        values.put("bursty", bursty(runs));
        values.put("closingNote", closingNote(rows, gbnRows));
        return ReportTemplate.load("transfer-summary.md").fill(values);
    }

    /** Go-Back-N beside stop-and-wait at each grid point. */
    private static String comparisonTable(Runs runs, List<Object> delays) {
        StringBuilder md = new StringBuilder();
        md.append("| delay | loss | Go-Back-N (kB/s) | stop-and-wait (kB/s) | ratio | retransmissions per packet (GBN "
                + "/ S&W) |\n");
        md.append("|---:|---:|---:|---:|---:|---:|\n");
        for (Object delay : delays) {
            for (Object loss : runs.values("loss")) {
                List<Run> g = runs.where("protocol", GBN, "lossModel", INDEPENDENT, "delayMs", delay, "loss", loss);
                List<Run> s = runs.where("protocol", SW, "lossModel", INDEPENDENT, "delayMs", delay, "loss", loss);
                if (g.isEmpty() || s.isEmpty()) {
                    continue;
                }
                double gbnPackets = g.get(0).num("packets") + 1;
                double swPackets = s.get(0).num("packets") + 1;
                Runs.Stats gs = Runs.Stats.of(g, "goodputKBps");
                Runs.Stats ss = Runs.Stats.of(s, "goodputKBps");
                md.append(String.format(
                        Locale.ROOT,
                        "| %s ms | %.0f%% | %.1f ± %.1f | %.1f ± %.1f | %.1f× | %.2f / %.2f |\n",
                        Runs.format(delay),
                        ((Number) loss).doubleValue() * 100,
                        gs.mean(),
                        gs.std(),
                        ss.mean(),
                        ss.std(),
                        gs.mean() / ss.mean(),
                        Runs.Stats.of(g, "retransmissions").mean() / gbnPackets,
                        Runs.Stats.of(s, "retransmissions").mean() / swPackets));
            }
        }
        return md.toString();
    }

    /** A paragraph on the runs that failed on the FIN, if any did. */
    private static String finAndTimeWait(Runs runs) {
        long finGiveUps = runs.failed().stream()
                .filter(r -> r.error() != null
                        && r.error().contains("no acknowledgement of packet " + (long) r.num("packets") + " "))
                .count();
        if (finGiveUps == 0) {
            return "";
        }
        return "**The FIN and TIME_WAIT.** " + finGiveUps + (finGiveUps == 1 ? " run" : " runs")
                + " failed on the FIN (listed below): its ACK was lost, and the FINs sent again were lost for "
                + RdtReceiver.LINGER_MILLIS + " ms, so the receiver's TIME_WAIT ended and the sender kept "
                + "sending a FIN nobody answered, until it gave up. With a long timer and heavy loss, "
                + RdtReceiver.LINGER_MILLIS
                + " ms covers only a few retransmissions: TCP waits 2 MSL for this reason.\n\n";
    }

    private static String closingNote(List<Agreement> rows, List<Agreement> gbnRows) {
        StringBuilder md = new StringBuilder();
        Agreement worst = rows.stream()
                .max((a, b) -> Double.compare(Math.abs(a.error()), Math.abs(b.error())))
                .orElse(null);
        Agreement worstRealised = rows.stream()
                .max((a, b) -> Double.compare(Math.abs(a.errorRealised()), Math.abs(b.errorRealised())))
                .orElse(null);
        if (worst == null) {
            md.append("No stop-and-wait runs succeeded, so there is nothing to compare with the model.\n");
        } else {
            md.append(String.format(
                    Locale.ROOT,
                    "Worst disagreement between measured stop-and-wait goodput and the model at the "
                            + "configured loss: **%+.1f%%** (delay %d ms, loss %.0f%%); %s.\n\n",
                    worst.error() * 100,
                    worst.delayMs(),
                    worst.loss() * 100,
                    Math.abs(worst.error()) <= AGREEMENT
                            ? "every point is within 10%"
                            : "**not every point is within 10%**"));
            md.append(String.format(
                    Locale.ROOT,
                    "At the loss the relay actually applied in each run (its counters), the worst "
                            + "disagreement is %+.1f%% (delay %d ms, loss %.0f%%): what is left is timing (the RTT "
                            + "and the timer), "
                            + "while the first figure also includes the luck of the draw.\n",
                    worstRealised.errorRealised() * 100,
                    worstRealised.delayMs(),
                    worstRealised.loss() * 100));
        }
        Agreement worstGbn = gbnRows.stream()
                .max((a, b) -> Double.compare(Math.abs(a.error()), Math.abs(b.error())))
                .orElse(null);
        if (worstGbn != null) {
            md.append(String.format(
                    Locale.ROOT,
                    "\nGo-Back-N against its model at the configured loss: worst disagreement "
                            + "**%+.1f%%** (delay %d ms, loss %.0f%%).\n",
                    worstGbn.error() * 100,
                    worstGbn.delayMs(),
                    worstGbn.loss() * 100));
        }
        return md.toString().stripTrailing();
    }

    /** Measured against a model, one row per grid point. */
    private static String agreementTable(List<Agreement> rows) {
        StringBuilder md = new StringBuilder();
        md.append("| delay | loss | packets (runs × per run, FIN included) | L/R + RTT measured | measured (kB/s, "
                + "pooled; sd of runs) | model (kB/s) | difference | luck of the draw (1 sd) | loss the "
                + "relay applied (up / down) | model at that loss | difference |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Agreement a : rows) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %d ms | %.0f%% | %d × %d | %.1f ms | %.1f ± %.1f | %.1f | %+.1f%% | ± %.1f%% | %.1f%% / "
                            + "%.1f%% | %.1f | %+.1f%% |\n",
                    a.delayMs(),
                    a.loss() * 100,
                    a.runs(),
                    a.packetsPerRun() + 1,
                    a.roundTripMs(),
                    a.measured(),
                    a.std(),
                    a.model(),
                    a.error() * 100,
                    a.drawSd() * 100,
                    a.lossUp() * 100,
                    a.lossDown() * 100,
                    a.modelRealised(),
                    a.errorRealised() * 100));
        }
        return md.toString();
    }

    /**
     * The bursty points: each protocol under Gilbert-Elliott loss, against its model and its measure at the same mean
     * loss.
     */
    private static String bursty(Runs runs) {
        List<Agreement> sw = agreements(runs, SW, BURSTY);
        List<Agreement> gbn = agreements(runs, GBN, BURSTY);
        if (sw.isEmpty() && gbn.isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder();
        md.append("## Bursty loss\n\n");
        md.append("The relay's Gilbert-Elliott model loses the same share of datagrams in runs of ")
                .append(Runs.format(MEAN_BURST))
                .append(" on average (a two-state chain: from Good to Bad with probability p = r · loss / (1 − "
                        + "loss), back with ")
                .append("r = 1/")
                .append(Runs.format(MEAN_BURST))
                .append("; everything is lost in Bad, nothing in Good), where ")
                .append("independent loss makes runs of 1/(1 − loss). Stop-and-wait sends one datagram at a time, so "
                        + "its ")
                .append("long-run number of tries per packet depends only on the share lost: its model holds at the "
                        + "mean loss. ")
                .append("Go-Back-N gains: a run of losses inside one window costs one timeout, not one per loss.\n\n");
        md.append("| protocol | delay | mean loss | measured, bursty (kB/s) | measured, independent (kB/s) | model at "
                + "the mean loss (kB/s) | bursty against the model |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (List<Agreement> rows : List.of(sw, gbn)) {
            String protocol = rows == sw ? SW : GBN;
            for (Agreement a : rows) {
                List<Run> independent = runs.where(
                        "protocol", protocol, "lossModel", INDEPENDENT, "delayMs", a.delayMs(), "loss", a.loss());
                md.append(String.format(
                        Locale.ROOT,
                        "| %s | %d ms | %.0f%% | %.1f ± %.1f | %s | %.1f | %+.1f%% |%n",
                        protocol,
                        a.delayMs(),
                        a.loss() * 100,
                        a.measured(),
                        a.std(),
                        independent.isEmpty()
                                ? "–"
                                : String.format(
                                        Locale.ROOT,
                                        "%.1f",
                                        Runs.Stats.of(independent, "goodputKBps")
                                                .mean()),
                        a.model(),
                        a.error() * 100));
            }
        }
        md.append('\n');
        return md.toString();
    }
}
