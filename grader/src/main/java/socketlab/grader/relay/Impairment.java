package socketlab.grader.relay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the relay does to the datagrams of one direction: an immutable value built fluently from {@link #none()},
 * e.g. {@code Impairment.none().loss(0.3).delay(Duration.ofMillis(100), Duration.ofMillis(20))}.
 * Every setter returns a new value and rejects nonsense with an {@link IllegalArgumentException}.
 *
 * <p>Semantics, applied in this order to each datagram:
 * <ol>
 *   <li><b>Maximum size</b>: a datagram longer than {@link #maxDatagramSize()} bytes is dropped (like an MTU with
 *       fragmentation forbidden).</li>
 *   <li><b>Loss</b>: dropped with probability {@link #loss()}.</li>
 *   <li><b>Corruption</b>: with probability {@link #corrupt()}, between 1 and {@link #corruptMaxBits()} distinct,
 *       uniformly chosen bits of the payload are flipped (an empty payload cannot be corrupted).</li>
 *   <li><b>Duplication</b>: with probability {@link #duplicate()}, a second copy (same, possibly corrupted, payload)
 *       is forwarded too, with its own delay draw.</li>
 *   <li><b>Rate limit</b>: each copy enters a FIFO bottleneck that serves {@link #ratePerSecond()} datagrams (or
 *       bytes) per second; a copy arriving while {@link #queueLimit()} copies are already waiting is dropped, like a
 *       router's tail drop. Queueing time adds to the delay. This is the one timing-dependent decision.</li>
 *   <li><b>Delay</b>: each copy is delayed by {@link #delay()} plus a jitter drawn uniformly from
 *       [-{@link #jitter()}, +{@link #jitter()}] (clamped at zero), so jitter alone may reorder datagrams.</li>
 *   <li><b>Reordering</b>: with probability {@link #reorder()}, once its delay is over the datagram is held back
 *       until the next datagram of the same session and direction has been forwarded, then sent right after it;
 *       if none comes within {@link #reorderMaxHold()}, it is sent anyway.</li>
 * </ol>
 */
public final class Impairment {
    /** Largest payload an IPv4 UDP datagram can carry. */
    public static final int MAX_UDP_PAYLOAD = 65_507;
    /** Largest number of bits one corruption may flip. */
    public static final int MAX_CORRUPT_BITS = 64;

    private static final Impairment NONE = new Impairment(0, Duration.ZERO, Duration.ZERO, 0, 0,
            Duration.ofSeconds(1), 0, 1, 0, RateUnit.DATAGRAMS, 64, 0);

    /** What the rate limit counts. */
    public enum RateUnit {
        DATAGRAMS("datagrams/s"), BYTES("bytes/s");

        private final String label;

        RateUnit(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }
    }

    private final double loss;
    private final Duration delay;
    private final Duration jitter;
    private final double duplicate;
    private final double reorder;
    private final Duration reorderMaxHold;
    private final double corrupt;
    private final int corruptMaxBits;
    private final double ratePerSecond;
    private final RateUnit rateUnit;
    private final int queueLimit;
    private final int maxDatagramSize;

    private Impairment(double loss, Duration delay, Duration jitter, double duplicate, double reorder,
                       Duration reorderMaxHold, double corrupt, int corruptMaxBits, double ratePerSecond,
                       RateUnit rateUnit, int queueLimit, int maxDatagramSize) {
        this.loss = loss;
        this.delay = delay;
        this.jitter = jitter;
        this.duplicate = duplicate;
        this.reorder = reorder;
        this.reorderMaxHold = reorderMaxHold;
        this.corrupt = corrupt;
        this.corruptMaxBits = corruptMaxBits;
        this.ratePerSecond = ratePerSecond;
        this.rateUnit = rateUnit;
        this.queueLimit = queueLimit;
        this.maxDatagramSize = maxDatagramSize;
    }

    /** A perfect link: every datagram forwarded at once, unchanged. */
    public static Impairment none() {
        return NONE;
    }

    /** Drops each datagram with this probability (0..1). */
    public Impairment loss(double probability) {
        return new Impairment(probability("loss", probability), delay, jitter, duplicate, reorder, reorderMaxHold,
                corrupt, corruptMaxBits, ratePerSecond, rateUnit, queueLimit, maxDatagramSize);
    }

    /** Delays every datagram by exactly this long. */
    public Impairment delay(Duration delay) {
        return delay(delay, Duration.ZERO);
    }

    /** Delays every datagram by {@code delay} ± a uniformly drawn {@code jitter} (never below zero). */
    public Impairment delay(Duration delay, Duration jitter) {
        return new Impairment(loss, nonNegative("delay", delay), nonNegative("jitter", jitter), duplicate, reorder,
                reorderMaxHold, corrupt, corruptMaxBits, ratePerSecond, rateUnit, queueLimit, maxDatagramSize);
    }

    /** Forwards a second copy of a datagram with this probability (0..1). */
    public Impairment duplicate(double probability) {
        return new Impairment(loss, delay, jitter, probability("duplicate", probability), reorder, reorderMaxHold,
                corrupt, corruptMaxBits, ratePerSecond, rateUnit, queueLimit, maxDatagramSize);
    }

    /** Holds a datagram back, with this probability, until the next one has gone by (at most 1 s). */
    public Impairment reorder(double probability) {
        return reorder(probability, reorderMaxHold);
    }

    /** Holds a datagram back, with this probability, until the next one has gone by or {@code maxHold} passed. */
    public Impairment reorder(double probability, Duration maxHold) {
        Objects.requireNonNull(maxHold, "maxHold");
        if (maxHold.isNegative() || maxHold.isZero()) {
            throw new IllegalArgumentException("reorder maxHold must be positive, was " + maxHold);
        }
        return new Impairment(loss, delay, jitter, duplicate, probability("reorder", probability), maxHold,
                corrupt, corruptMaxBits, ratePerSecond, rateUnit, queueLimit, maxDatagramSize);
    }

    /** Flips one random bit of a datagram with this probability (0..1). */
    public Impairment corrupt(double probability) {
        return corrupt(probability, 1);
    }

    /** Flips between 1 and {@code maxBits} random bits of a datagram with this probability (0..1). */
    public Impairment corrupt(double probability, int maxBits) {
        if (maxBits < 1 || maxBits > MAX_CORRUPT_BITS) {
            throw new IllegalArgumentException(
                    "corrupt maxBits must be between 1 and " + MAX_CORRUPT_BITS + ", was " + maxBits);
        }
        return new Impairment(loss, delay, jitter, duplicate, reorder, reorderMaxHold,
                probability("corrupt", probability), maxBits, ratePerSecond, rateUnit, queueLimit, maxDatagramSize);
    }

    /** Serves at most this many datagrams per second; excess waits in the queue, then is dropped. */
    public Impairment datagramsPerSecond(double rate) {
        return rateLimit(rate, RateUnit.DATAGRAMS);
    }

    /** Serves at most this many payload bytes per second; excess waits in the queue, then is dropped. */
    public Impairment bytesPerSecond(double rate) {
        return rateLimit(rate, RateUnit.BYTES);
    }

    /** Removes the rate limit. */
    public Impairment unlimitedRate() {
        return new Impairment(loss, delay, jitter, duplicate, reorder, reorderMaxHold, corrupt, corruptMaxBits,
                0, RateUnit.DATAGRAMS, queueLimit, maxDatagramSize);
    }

    /** How many datagrams may wait for a rate-limited link before arrivals are dropped (default 64; 0 = police). */
    public Impairment queueLimit(int datagrams) {
        if (datagrams < 0) {
            throw new IllegalArgumentException("queueLimit must be 0 or more, was " + datagrams);
        }
        return new Impairment(loss, delay, jitter, duplicate, reorder, reorderMaxHold, corrupt, corruptMaxBits,
                ratePerSecond, rateUnit, datagrams, maxDatagramSize);
    }

    /** Drops datagrams whose payload is longer than this many bytes. */
    public Impairment maxDatagramSize(int bytes) {
        if (bytes < 1 || bytes > MAX_UDP_PAYLOAD) {
            throw new IllegalArgumentException(
                    "maxDatagramSize must be between 1 and " + MAX_UDP_PAYLOAD + " bytes, was " + bytes);
        }
        return new Impairment(loss, delay, jitter, duplicate, reorder, reorderMaxHold, corrupt, corruptMaxBits,
                ratePerSecond, rateUnit, queueLimit, bytes);
    }

    /** Removes the maximum datagram size. */
    public Impairment unlimitedDatagramSize() {
        return new Impairment(loss, delay, jitter, duplicate, reorder, reorderMaxHold, corrupt, corruptMaxBits,
                ratePerSecond, rateUnit, queueLimit, 0);
    }

    private Impairment rateLimit(double rate, RateUnit unit) {
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("rate limit must be a positive number of " + unit.label()
                    + ", was " + rate);
        }
        return new Impairment(loss, delay, jitter, duplicate, reorder, reorderMaxHold, corrupt, corruptMaxBits,
                rate, unit, queueLimit, maxDatagramSize);
    }

    private static double probability(String name, double p) {
        if (!(p >= 0 && p <= 1)) { // also rejects NaN
            throw new IllegalArgumentException(name + " must be between 0 and 1, was " + p);
        }
        return p;
    }

    private static Duration nonNegative(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, was " + d);
        }
        return d;
    }

    public double loss() {
        return loss;
    }

    public Duration delay() {
        return delay;
    }

    public Duration jitter() {
        return jitter;
    }

    public double duplicate() {
        return duplicate;
    }

    public double reorder() {
        return reorder;
    }

    public Duration reorderMaxHold() {
        return reorderMaxHold;
    }

    public double corrupt() {
        return corrupt;
    }

    public int corruptMaxBits() {
        return corruptMaxBits;
    }

    /** The rate limit in {@link #rateUnit()} per second, or 0 when unlimited. */
    public double ratePerSecond() {
        return ratePerSecond;
    }

    public RateUnit rateUnit() {
        return rateUnit;
    }

    public int queueLimit() {
        return queueLimit;
    }

    /** The largest payload forwarded, or 0 when unlimited. */
    public int maxDatagramSize() {
        return maxDatagramSize;
    }

    public boolean isRateLimited() {
        return ratePerSecond > 0;
    }

    /** True when this impairment leaves traffic untouched. */
    public boolean isNone() {
        return loss == 0 && delay.isZero() && jitter.isZero() && duplicate == 0 && reorder == 0 && corrupt == 0
                && ratePerSecond == 0 && maxDatagramSize == 0;
    }

    /** One line for students, e.g. "loss 30%, delay 100 ms ± 20 ms", or "no impairment". */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (maxDatagramSize > 0) {
            parts.add("max datagram " + maxDatagramSize + " bytes");
        }
        if (loss > 0) {
            parts.add("loss " + Format.percent(loss));
        }
        if (!delay.isZero() || !jitter.isZero()) {
            parts.add("delay " + Format.duration(delay) + (jitter.isZero() ? "" : " ± " + Format.duration(jitter)));
        }
        if (duplicate > 0) {
            parts.add("duplicate " + Format.percent(duplicate));
        }
        if (reorder > 0) {
            parts.add("reorder " + Format.percent(reorder) + " (held up to " + Format.duration(reorderMaxHold) + ")");
        }
        if (corrupt > 0) {
            parts.add("corrupt " + Format.percent(corrupt)
                    + (corruptMaxBits == 1 ? " (1 bit)" : " (1-" + corruptMaxBits + " bits)"));
        }
        if (ratePerSecond > 0) {
            parts.add("rate " + Format.rate(ratePerSecond) + " " + rateUnit.label() + " (queue " + queueLimit + ")");
        }
        return parts.isEmpty() ? "no impairment" : String.join(", ", parts);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Impairment)) {
            return false;
        }
        Impairment that = (Impairment) o;
        return Double.compare(loss, that.loss) == 0 && delay.equals(that.delay) && jitter.equals(that.jitter)
                && Double.compare(duplicate, that.duplicate) == 0 && Double.compare(reorder, that.reorder) == 0
                && reorderMaxHold.equals(that.reorderMaxHold) && Double.compare(corrupt, that.corrupt) == 0
                && corruptMaxBits == that.corruptMaxBits && Double.compare(ratePerSecond, that.ratePerSecond) == 0
                && rateUnit == that.rateUnit && queueLimit == that.queueLimit
                && maxDatagramSize == that.maxDatagramSize;
    }

    @Override
    public int hashCode() {
        return Objects.hash(loss, delay, jitter, duplicate, reorder, reorderMaxHold, corrupt, corruptMaxBits,
                ratePerSecond, rateUnit, queueLimit, maxDatagramSize);
    }

    @Override
    public String toString() {
        return "Impairment[" + describe() + "]";
    }
}
