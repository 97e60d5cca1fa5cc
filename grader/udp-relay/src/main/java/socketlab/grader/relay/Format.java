package socketlab.grader.relay;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

/** Short human-readable numbers for feedback to students: "30%", "0.5%", "100 ms", "250 µs". */
final class Format {
    private Format() {}

    static String percent(double probability) {
        return plain(probability * 100, 2) + "%";
    }

    static String duration(Duration duration) {
        long nanos = duration.toNanos();
        if (nanos == 0) {
            return "0 ms";
        }
        if (nanos >= 1_000_000_000L && nanos % 1_000_000_000L == 0) {
            return nanos / 1_000_000_000L + " s";
        }
        if (nanos >= 1_000_000L) {
            return plain(nanos / 1e6, 3) + " ms";
        }
        return plain(nanos / 1e3, 3) + " µs";
    }

    static String rate(double perSecond) {
        return plain(perSecond, 2);
    }

    /** At most {@code decimals} decimals, without trailing zeros: 30, 0.5, 12.25. */
    private static String plain(double value, int decimals) {
        return BigDecimal.valueOf(value)
                .setScale(decimals, RoundingMode.HALF_UP)
                .stripTrailingZeros()
                .toPlainString();
    }
}
