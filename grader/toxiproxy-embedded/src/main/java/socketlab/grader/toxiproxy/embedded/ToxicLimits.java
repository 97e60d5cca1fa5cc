package socketlab.grader.toxiproxy.embedded;

import java.util.Map;

/**
 * Settings Toxiproxy 2.12 accepts but then crashes on (a Go panic ends the whole server) or loops on forever: the
 * engine refuses them with a 400 that says why. Every other value, however extreme, is taken and behaves as in
 * Toxiproxy (durations wrap around as Go's int64 nanoseconds do, see {@link GoDuration}).
 */
final class ToxicLimits {
    private ToxicLimits() {}

    static void check(ToxicType type, Map<String, Long> attributes) {
        switch (type) {
            case LATENCY -> {
                long jitter = attributes.getOrDefault("jitter", 0L);
                if (jitter > 0 && jitter * 2 < 0) {
                    throw refused("jitter must be below 4611686018427387904 (2^62) ms: Toxiproxy 2.12 doubles it"
                            + " into a negative number and panics");
                }
            }
            case BANDWIDTH -> {
                long rate = attributes.getOrDefault("rate", 0L);
                if (rate < 0 || rate * 100 < 0) {
                    throw refused("rate must be 0 (no data passes) or more, and its 100 ms share (rate * 100 bytes)"
                            + " must fit in an int64: Toxiproxy 2.12 panics on " + rate);
                }
            }
            case SLICER -> {
                long average = attributes.getOrDefault("average_size", 0L);
                long variation = attributes.getOrDefault("size_variation", 0L);
                if (average < 1 || variation > average || variation < 1 - average) {
                    throw refused("slicer needs average_size >= 1 and 1 - average_size <= size_variation <="
                            + " average_size: Toxiproxy 2.12 slices out of bounds or recurses forever otherwise,"
                            + " and panics");
                }
            }
            default -> {}
        }
    }

    private static ApiError refused(String why) {
        return new ApiError(why, 400);
    }
}
