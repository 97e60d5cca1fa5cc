package socketlab.grader.toxiproxy.embedded;

/**
 * Toxiproxy's durations: Go's {@code time.Duration(n) * time.Millisecond}, an int64 count of nanoseconds. Java's long
 * arithmetic wraps around exactly as Go's does, so a setting beyond ~292 years (e.g. latency 9e15 ms, which wraps to
 * a negative delay: no delay at all) behaves as it does in Toxiproxy.
 */
final class GoDuration {
    private GoDuration() {}

    static long millis(long millis) {
        return millis * 1_000_000L;
    }

    static long micros(long micros) {
        return micros * 1_000L;
    }
}
