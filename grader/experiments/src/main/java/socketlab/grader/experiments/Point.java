package socketlab.grader.experiments;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One point of an experiment's grid: the settings of one configuration (e.g. {@code protocol=sw, loss=0.2,
 * delayMs=5}), run {@code repeats} times by one worker JVM.
 *
 * @param index  the point's position in the grid (0, 1, 2, ...)
 * @param params the settings, in a fixed order; values are numbers or strings
 */
public record Point(int index, Map<String, Object> params) {

    public Point {
        params = new LinkedHashMap<>(params);
    }

    public double num(String name) {
        Object value = params.get(name);
        if (value == null) {
            throw new IllegalArgumentException("grid point " + index + " has no '" + name + "'");
        }
        return value instanceof Number n ? n.doubleValue() : Double.parseDouble(value.toString());
    }

    public int integer(String name) {
        return (int) Math.round(num(name));
    }

    public String text(String name) {
        Object value = params.get(name);
        if (value == null) {
            throw new IllegalArgumentException("grid point " + index + " has no '" + name + "'");
        }
        return value.toString();
    }

    /** "protocol=sw loss=0.2 delayMs=5", for progress lines. */
    public String label() {
        return params.entrySet().stream()
                .map(e -> e.getKey() + "=" + Runs.format(e.getValue()))
                .collect(Collectors.joining(" "));
    }

    /**
     * A stable number for this point's settings, mixed into its runs' seeds (same settings, same seed, whatever the
     * grid).
     */
    long key() {
        return label().hashCode();
    }

    /** A small builder: {@code Point.of("loss", 0.1, "delayMs", 5)}. */
    static Map<String, Object> params(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
