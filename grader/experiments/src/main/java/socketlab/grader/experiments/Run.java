package socketlab.grader.experiments;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one run of one grid point measured: the worker prints it as one JSON line.
 *
 * @param point   the grid point's index
 * @param repeat  0, 1, 2, ... for repeated runs of the same point
 * @param seed    the seed of this run's randomness (relay losses, payloads)
 * @param params  the point's settings (copied, so each CSV row stands on its own)
 * @param metrics what was measured, by name (e.g. goodputKBps, rttAvgMs)
 * @param error   null, or why this run failed (then its metrics may be partial)
 */
public record Run(
        int point, int repeat, long seed, Map<String, Object> params, Map<String, Double> metrics, String error) {

    public Run {
        params = params == null ? new LinkedHashMap<>() : new LinkedHashMap<>(params);
        metrics = metrics == null ? new LinkedHashMap<>() : new LinkedHashMap<>(metrics);
    }

    public boolean ok() {
        return error == null;
    }

    public double metric(String name) {
        Double value = metrics.get(name);
        return value == null ? Double.NaN : value;
    }

    public Object param(String name) {
        return params.get(name);
    }

    public double num(String name) {
        Object value = params.get(name);
        return value instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(value));
    }
}
