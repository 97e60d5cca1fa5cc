package socketlab.grader.experiments;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fixed figures for the report pages' tests: every point of an experiment's default grid, two runs each, with made-up
 * metrics (no run needed), and the pages those figures gave before the prose became templates.
 */
final class ReportFixtures {

    static final Experiment.ReportContext CONTEXT = new Experiment.ReportContext(
            false, 2, 7, "./mvnw -q -pl grader -am compile exec:exec -Dkit=\"experiment NAME --seed 7\"");

    private ReportFixtures() {}

    /** A figure that differs from point to point and run to run, the same every time. */
    private static double figure(double base, int point, int repeat) {
        return base * (1 + 0.13 * point) + 0.7 * repeat + 0.05 * ((point * 7 + repeat * 3) % 5);
    }

    static Runs pinger() {
        List<Run> runs = new ArrayList<>();
        List<Map<String, Object>> grid = new PingerExperiment().grid(false);
        for (int p = 0; p < grid.size(); p++) {
            Map<String, Object> params = grid.get(p);
            boolean sweep = PingerExperiment.SWEEP.equals(params.get("series"));
            double delay = ((Number) params.get("delayMs")).doubleValue();
            double loss = ((Number) params.get("loss")).doubleValue();
            for (int r = 0; r < 2; r++) {
                Map<String, Double> m = new LinkedHashMap<>();
                double late = sweep && delay >= 500 ? figure(20, p, r) : 0;
                double dropped = sweep ? 0 : 100 * (1 - (1 - loss) * (1 - loss)) + r;
                m.put("pings", 10.0);
                m.put("measuredLossPct", dropped + late);
                m.put("relayLossPct", dropped);
                m.put("lateRepliesPct", late);
                boolean noneInTime = sweep && delay >= 600;
                m.put("rttMinMs", noneInTime ? Double.NaN : 2 * delay - figure(3, p, r));
                m.put("rttAvgMs", noneInTime ? Double.NaN : 2 * delay + figure(1, p, r));
                m.put("rttMaxMs", noneInTime ? Double.NaN : 2 * delay + figure(4, p, r));
                runs.add(new Run(p, r, 1000L * p + r, params, m, null));
            }
        }
        return new Runs(runs);
    }

    static Runs slowClients() {
        List<Run> runs = new ArrayList<>();
        List<Map<String, Object>> grid = new SlowClientsExperiment().grid(false);
        for (int p = 0; p < grid.size(); p++) {
            Map<String, Object> params = grid.get(p);
            int slow = ((Number) params.get("slowClients")).intValue();
            boolean single = SlowClientsExperiment.SINGLE.equals(params.get("server"));
            for (int r = 0; r < 2; r++) {
                double mean = single ? 300 * slow + figure(2, p, r) : figure(0.8, p, r);
                Map<String, Double> m = new LinkedHashMap<>();
                m.put("requests", 40.0 + p + r);
                m.put("failures", (double) (p % 4 == 3 ? 1 : 0));
                m.put("meanMs", mean);
                m.put("p50Ms", mean * 0.9);
                m.put("p99Ms", mean * 1.8);
                m.put("maxMs", mean * 2.1);
                runs.add(new Run(p, r, 1000L * p + r, params, m, null));
            }
        }
        return new Runs(runs);
    }

    static Runs tcpToxics() {
        List<Run> runs = new ArrayList<>();
        List<Map<String, Object>> grid = new TcpToxicsExperiment().grid(false);
        for (int p = 0; p < grid.size(); p++) {
            Map<String, Object> params = grid.get(p);
            for (int r = 0; r < 2; r++) {
                Map<String, Double> m = new LinkedHashMap<>();
                if (TcpToxicsExperiment.SLICER.equals(params.get("series"))) {
                    double delay = ((Number) params.get("sliceDelayMs")).doubleValue();
                    m.put("responseMs", 8 * delay + figure(0.4, p, r));
                    m.put("responseMaxMs", 8 * delay + figure(1.5, p, r));
                    m.put("pieces", 8.0);
                } else {
                    double latency = ((Number) params.get("latencyMs")).doubleValue();
                    double rate = ((Number) params.get("bandwidthKBps")).doubleValue();
                    double ms = 2 * latency + (rate > 0 ? 256_000 / rate : 0) + figure(6, p, r);
                    m.put("transferMs", ms);
                    m.put("throughputKBps", 256_000 / ms);
                }
                runs.add(new Run(p, r, 1000L * p + r, params, m, null));
            }
        }
        return new Runs(runs);
    }

    /** A page as the code made it before its prose moved into a template (captured once, kept as a test resource). */
    static String before(String name) {
        try (InputStream in = ReportFixtures.class.getResourceAsStream("before-templates/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no captured page before-templates/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
