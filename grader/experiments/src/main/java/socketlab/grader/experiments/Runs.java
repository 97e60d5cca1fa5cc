package socketlab.grader.experiments;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/** The runs of one experiment, with the small statistics its charts and summary need, and its CSV. */
public final class Runs {

    private final List<Run> all;

    public Runs(List<Run> all) {
        this.all = List.copyOf(all);
    }

    public List<Run> all() {
        return all;
    }

    public List<Run> ok() {
        return all.stream().filter(Run::ok).toList();
    }

    public List<Run> failed() {
        return all.stream().filter(r -> !r.ok()).toList();
    }

    /** The successful runs whose settings match, e.g. {@code where("protocol", "sw", "delayMs", 5)}. */
    public List<Run> where(Object... keysAndValues) {
        Predicate<Run> match = run -> {
            for (int i = 0; i < keysAndValues.length; i += 2) {
                if (!same(run.param((String) keysAndValues[i]), keysAndValues[i + 1])) {
                    return false;
                }
            }
            return true;
        };
        return ok().stream().filter(match).toList();
    }

    /** The distinct values of a setting, in the order they first appear. */
    public List<Object> values(String param) {
        Set<Object> seen = new LinkedHashSet<>();
        for (Run run : all) {
            Object value = run.param(param);
            if (value != null && seen.stream().noneMatch(v -> same(v, value))) {
                seen.add(value);
            }
        }
        return new ArrayList<>(seen);
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return Math.abs(x.doubleValue() - y.doubleValue()) < 1e-9;
        }
        return Objects.equals(String.valueOf(a), String.valueOf(b));
    }

    /** Mean, standard deviation (n-1), min, max and count of a metric over some runs (NaN values skipped). */
    public record Stats(double mean, double std, double min, double max, int n) {
        public static Stats of(List<Run> runs, String metric) {
            return of(runs.stream().mapToDouble(r -> r.metric(metric)).toArray());
        }

        public static Stats of(double[] raw) {
            double[] values = Arrays.stream(raw).filter(v -> !Double.isNaN(v)).toArray();
            int n = values.length;
            if (n == 0) {
                return new Stats(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);
            }
            double mean = Arrays.stream(values).average().orElse(Double.NaN);
            double ss = Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum();
            double std = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
            return new Stats(
                    mean,
                    std,
                    Arrays.stream(values).min().orElse(Double.NaN),
                    Arrays.stream(values).max().orElse(Double.NaN),
                    n);
        }
    }

    /** The p-th percentile (0..100) of some values, nearest-rank. */
    public static double percentile(double[] values, double p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** Writes every run, one row each: experiment, point, repeat, seed, the settings, the metrics, the error. */
    public void writeCsv(String experiment, Path file) {
        Set<String> params = new LinkedHashSet<>();
        Set<String> metrics = new LinkedHashSet<>();
        for (Run run : all) {
            params.addAll(run.params().keySet());
            metrics.addAll(run.metrics().keySet());
        }
        List<String> header = new ArrayList<>(List.of("experiment", "point", "repeat", "seed"));
        header.addAll(params);
        header.addAll(metrics);
        header.add("error");
        StringBuilder csv = new StringBuilder(String.join(",", header)).append('\n');
        for (Run run : all) {
            List<String> row = new ArrayList<>(List.of(
                    experiment, String.valueOf(run.point()), String.valueOf(run.repeat()), String.valueOf(run.seed())));
            for (String p : params) {
                row.add(csvCell(run.param(p) == null ? "" : format(run.param(p))));
            }
            for (String m : metrics) {
                Double v = run.metrics().get(m);
                row.add(v == null || v.isNaN() ? "" : format(v));
            }
            row.add(csvCell(run.error() == null ? "" : run.error()));
            csv.append(String.join(",", row)).append('\n');
        }
        try {
            Files.writeString(file, csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static String csvCell(String text) {
        if (text.contains(",") || text.contains("\"") || text.contains("\n")) {
            return "\"" + text.replace("\"", "\"\"").replace("\n", " ") + "\"";
        }
        return text;
    }

    /** A number without needless decimals (5, 0.25, 123.457), or a string as it is. */
    public static String format(Object value) {
        if (value instanceof Number n) {
            double d = n.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return String.valueOf((long) d);
            }
            String s = String.format(Locale.ROOT, "%.6g", d);
            if (s.contains("e")) {
                return s;
            }
            s = s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
            return s;
        }
        return String.valueOf(value);
    }

    /** Groups runs by one setting's value (in grid order). */
    public Map<Object, List<Run>> by(String param, List<Run> runs) {
        Map<Object, List<Run>> groups = new LinkedHashMap<>();
        for (Object value : values(param)) {
            List<Run> group =
                    runs.stream().filter(r -> same(r.param(param), value)).toList();
            if (!group.isEmpty()) {
                groups.put(value, group);
            }
        }
        return groups;
    }
}
