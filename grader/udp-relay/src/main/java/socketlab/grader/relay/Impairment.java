package socketlab.grader.relay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the relay does to the datagrams of one direction: an immutable value built fluently from {@link #none()},
 * e.g. {@code Impairment.none().loss(0.3).delay(Duration.ofMillis(100), Duration.ofMillis(20))}.
 * Every copy method returns a new value and rejects nonsense with an {@link IllegalArgumentException}. Each
 * component has a type of its own, so two of them cannot be swapped by mistake.
 *
 * <p>Semantics, applied in this order to each datagram:
 * <ol>
 *   <li><b>Maximum size</b>: a datagram longer than {@link #maxDatagramSize()} bytes is dropped (like an MTU with
 *       fragmentation forbidden).</li>
 *   <li><b>Script</b>: if a rule of the {@link #script()} matches the datagram, the rule alone decides its fate (drop
 *       it, delay it by exactly so long, duplicate it, flip one bit) and none of the random decisions below apply.</li>
 *   <li><b>Loss</b>: dropped with the probability of the {@link #loss()} model: independent, or bursty
 *       ({@link Loss.GilbertElliott}).</li>
 * <li><b>Corruption</b>: with probability {@link Corruption#probability()}, between 1 and {@link Corruption#maxBits()}
 *       distinct, uniformly chosen bits of the payload are flipped (an empty payload cannot be corrupted).</li>
 * <li><b>Duplication</b>: with probability {@link Duplication#probability()}, a second copy (same, possibly corrupted,
 *       payload) is forwarded too, with its own delay draw.</li>
 *   <li><b>Rate limit</b>: each copy enters a FIFO bottleneck that serves {@link RateLimit#perSecond()} datagrams (or
 *       bytes) per second; a copy arriving while {@link RateLimit#queueLimit()} copies are already waiting is dropped,
 *       like a router's tail drop. Queueing time adds to the delay. This is the one timing-dependent decision.</li>
 *   <li><b>Delay</b>: each copy is delayed by {@link Delay#base()} plus a jitter drawn uniformly from
 * [-{@link Delay#jitter()}, +{@link Delay#jitter()}] (clamped at zero), so jitter alone may reorder datagrams.</li>
 *   <li><b>Reordering</b>: with probability {@link Reordering#probability()}, once its delay is over the datagram is
 *       held back until the next datagram of the same session and direction has been forwarded, then sent right
 *       after it; if none comes within {@link Reordering#maxHold()}, it is sent anyway.</li>
 * </ol>
 *
 * @param loss            which datagrams are lost
 * @param delay           how long each copy waits in the relay
 * @param duplication     how often a second copy is sent
 * @param reordering      how often a datagram is held back behind the next one
 * @param corruption      how often bits are flipped, and how many at most
 * @param rate            the bottleneck, or {@link RateLimit#NONE}
 * @param maxDatagramSize the largest payload forwarded, or 0 when unlimited
 * @param script          rules for chosen datagrams, or {@link Script#none()}
 */
public record Impairment(
        Loss loss,
        Delay delay,
        Duplication duplication,
        Reordering reordering,
        Corruption corruption,
        RateLimit rate,
        int maxDatagramSize,
        Script script) {

    /** Largest payload an IPv4 UDP datagram can carry. */
    public static final int MAX_UDP_PAYLOAD = 65_507;
    /** Largest number of bits one corruption may flip. */
    public static final int MAX_CORRUPT_BITS = 64;

    private static final Impairment NONE = new Impairment(
            Loss.none(),
            Delay.NONE,
            new Duplication(0),
            Reordering.NONE,
            new Corruption(0, 1),
            RateLimit.NONE,
            0,
            Script.none());

    public Impairment {
        Objects.requireNonNull(loss, "loss");
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(duplication, "duplication");
        Objects.requireNonNull(reordering, "reordering");
        Objects.requireNonNull(corruption, "corruption");
        Objects.requireNonNull(rate, "rate");
        Objects.requireNonNull(script, "script");
        if (maxDatagramSize < 0 || maxDatagramSize > MAX_UDP_PAYLOAD) {
            throw new IllegalArgumentException(
                    "maxDatagramSize must be between 1 and " + MAX_UDP_PAYLOAD + " bytes, was " + maxDatagramSize);
        }
    }

    /** A perfect link: every datagram forwarded at once, unchanged. */
    public static Impairment none() {
        return NONE;
    }

    // ------------------------------------------------------------------------------------------- copy methods

    /** Drops each datagram, independently, with this probability (0..1). */
    public Impairment loss(double probability) {
        return loss(Loss.independent(probability));
    }

    /**
     * Drops datagrams in bursts (the Gilbert model, see {@link Loss.GilbertElliott#bursts}): on average
     * {@code meanLoss} of them, in runs of {@code meanBurstLength} datagrams on average.
     */
    public Impairment burstLoss(double meanLoss, double meanBurstLength) {
        return loss(Loss.GilbertElliott.bursts(meanLoss, meanBurstLength));
    }

    /** Uses this loss model. */
    public Impairment loss(Loss model) {
        return new Impairment(model, delay, duplication, reordering, corruption, rate, maxDatagramSize, script);
    }

    /** Delays every datagram by exactly this long. */
    public Impairment delay(Duration base) {
        return delay(base, Duration.ZERO);
    }

    /** Delays every datagram by {@code base} ± a uniformly drawn {@code jitter} (never below zero). */
    public Impairment delay(Duration base, Duration jitter) {
        Delay changed = new Delay(base, jitter);
        return new Impairment(loss, changed, duplication, reordering, corruption, rate, maxDatagramSize, script);
    }

    /** Forwards a second copy of a datagram with this probability (0..1). */
    public Impairment duplicate(double probability) {
        return new Impairment(
                loss, delay, new Duplication(probability), reordering, corruption, rate, maxDatagramSize, script);
    }

    /** Holds a datagram back, with this probability, until the next one has gone by (at most 1 s). */
    public Impairment reorder(double probability) {
        return reorder(probability, reordering.maxHold());
    }

    /** Holds a datagram back, with this probability, until the next one has gone by or {@code maxHold} passed. */
    public Impairment reorder(double probability, Duration maxHold) {
        return new Impairment(
                loss,
                delay,
                duplication,
                new Reordering(probability, maxHold),
                corruption,
                rate,
                maxDatagramSize,
                script);
    }

    /** Flips one random bit of a datagram with this probability (0..1). */
    public Impairment corrupt(double probability) {
        return corrupt(probability, 1);
    }

    /** Flips between 1 and {@code maxBits} random bits of a datagram with this probability (0..1). */
    public Impairment corrupt(double probability, int maxBits) {
        return new Impairment(
                loss,
                delay,
                duplication,
                reordering,
                new Corruption(probability, maxBits),
                rate,
                maxDatagramSize,
                script);
    }

    /** Serves at most this many datagrams per second; excess waits in the queue, then is dropped. */
    public Impairment datagramsPerSecond(double perSecond) {
        return rate(RateLimit.positive(perSecond, RateUnit.DATAGRAMS, rate.queueLimit()));
    }

    /** Serves at most this many payload bytes per second; excess waits in the queue, then is dropped. */
    public Impairment bytesPerSecond(double perSecond) {
        return rate(RateLimit.positive(perSecond, RateUnit.BYTES, rate.queueLimit()));
    }

    /** Removes the rate limit. */
    public Impairment unlimitedRate() {
        return rate(new RateLimit(0, RateUnit.DATAGRAMS, rate.queueLimit()));
    }

    /** How many datagrams may wait for a rate-limited link before arrivals are dropped (default 64; 0 = police). */
    public Impairment queueLimit(int datagrams) {
        return rate(new RateLimit(rate.perSecond(), rate.unit(), datagrams));
    }

    private Impairment rate(RateLimit changed) {
        return new Impairment(loss, delay, duplication, reordering, corruption, changed, maxDatagramSize, script);
    }

    /** Drops datagrams whose payload is longer than this many bytes. */
    public Impairment maxDatagramSize(int bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException(
                    "maxDatagramSize must be between 1 and " + MAX_UDP_PAYLOAD + " bytes, was " + bytes);
        }
        return new Impairment(loss, delay, duplication, reordering, corruption, rate, bytes, script);
    }

    /** Removes the maximum datagram size. */
    public Impairment unlimitedDatagramSize() {
        return new Impairment(loss, delay, duplication, reordering, corruption, rate, 0, script);
    }

    /** Applies these rules to the datagrams they match (replacing any earlier script). */
    public Impairment script(Script rules) {
        return new Impairment(loss, delay, duplication, reordering, corruption, rate, maxDatagramSize, rules);
    }

    /** Applies these rules to the datagrams they match (replacing any earlier script). */
    public Impairment script(Script.Rule... rules) {
        return script(Script.of(rules));
    }

    // ------------------------------------------------------------------------------------------- reading

    public boolean isRateLimited() {
        return rate.perSecond() > 0;
    }

    /** True when this impairment leaves traffic untouched. */
    public boolean isNone() {
        return loss.meanLoss() == 0
                && delay.isZero()
                && duplication.probability() == 0
                && reordering.probability() == 0
                && corruption.probability() == 0
                && !isRateLimited()
                && maxDatagramSize == 0
                && script.isEmpty();
    }

    /** One line for students, e.g. "loss 30%, delay 100 ms ± 20 ms", or "no impairment". */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (maxDatagramSize > 0) {
            parts.add("max datagram " + maxDatagramSize + " bytes");
        }
        if (!script.isEmpty()) {
            parts.add(script.describe());
        }
        if (loss.meanLoss() > 0) {
            parts.add(loss.describe());
        }
        if (!delay.isZero()) {
            parts.add(delay.describe());
        }
        if (duplication.probability() > 0) {
            parts.add("duplicate " + Format.percent(duplication.probability()));
        }
        if (reordering.probability() > 0) {
            parts.add("reorder " + Format.percent(reordering.probability()) + " (held up to "
                    + Format.duration(reordering.maxHold()) + ")");
        }
        if (corruption.probability() > 0) {
            parts.add("corrupt " + Format.percent(corruption.probability())
                    + (corruption.maxBits() == 1 ? " (1 bit)" : " (1-" + corruption.maxBits() + " bits)"));
        }
        if (isRateLimited()) {
            parts.add("rate " + Format.rate(rate.perSecond()) + " "
                    + rate.unit().label() + " (queue " + rate.queueLimit() + ")");
        }
        return parts.isEmpty() ? "no impairment" : String.join(", ", parts);
    }

    @Override
    public String toString() {
        return "Impairment[" + describe() + "]";
    }

    // ------------------------------------------------------------------------------------------- components

    /** What the rate limit counts. */
    public enum RateUnit {
        DATAGRAMS("datagrams/s"),
        BYTES("bytes/s");

        private final String label;

        RateUnit(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }
    }

    /** Each copy waits {@code base} ± a uniform draw in [-jitter, +jitter] (never below zero). */
    public record Delay(Duration base, Duration jitter) {
        static final Delay NONE = new Delay(Duration.ZERO, Duration.ZERO);

        public Delay {
            nonNegative("delay", base);
            nonNegative("jitter", jitter);
        }

        boolean isZero() {
            return base.isZero() && jitter.isZero();
        }

        String describe() {
            return "delay " + Format.duration(base) + (jitter.isZero() ? "" : " ± " + Format.duration(jitter));
        }
    }

    /** A second copy of a datagram is sent with this probability. */
    public record Duplication(double probability) {
        public Duplication {
            Impairment.probability("duplicate", probability);
        }
    }

    /** A datagram is held back behind the next one with this probability, for at most {@code maxHold}. */
    public record Reordering(double probability, Duration maxHold) {
        static final Reordering NONE = new Reordering(0, Duration.ofSeconds(1));

        public Reordering {
            Impairment.probability("reorder", probability);
            Objects.requireNonNull(maxHold, "maxHold");
            if (maxHold.isNegative() || maxHold.isZero()) {
                throw new IllegalArgumentException("reorder maxHold must be positive, was " + maxHold);
            }
        }
    }

    /** With this probability, 1 to {@code maxBits} bits of a datagram are flipped. */
    public record Corruption(double probability, int maxBits) {
        public Corruption {
            Impairment.probability("corrupt", probability);
            if (maxBits < 1 || maxBits > MAX_CORRUPT_BITS) {
                throw new IllegalArgumentException(
                        "corrupt maxBits must be between 1 and " + MAX_CORRUPT_BITS + ", was " + maxBits);
            }
        }
    }

    /** A bottleneck of {@code perSecond} units per second (0: none) with a queue of {@code queueLimit} datagrams. */
    public record RateLimit(double perSecond, RateUnit unit, int queueLimit) {
        static final RateLimit NONE = new RateLimit(0, RateUnit.DATAGRAMS, 64);

        public RateLimit {
            Objects.requireNonNull(unit, "unit");
            if (perSecond != 0 && (!(perSecond > 0) || Double.isInfinite(perSecond))) {
                throw new IllegalArgumentException(
                        "rate limit must be a positive number of " + unit.label() + ", was " + perSecond);
            }
            if (queueLimit < 0) {
                throw new IllegalArgumentException("queueLimit must be 0 or more, was " + queueLimit);
            }
        }

        /** A limit that must be a real one: 0 is refused here (use {@link Impairment#unlimitedRate()}). */
        static RateLimit positive(double perSecond, RateUnit unit, int queueLimit) {
            if (!(perSecond > 0)) {
                throw new IllegalArgumentException(
                        "rate limit must be a positive number of " + unit.label() + ", was " + perSecond);
            }
            return new RateLimit(perSecond, unit, queueLimit);
        }
    }

    static double probability(String name, double p) {
        if (!(p >= 0 && p <= 1)) { // also rejects NaN
            throw new IllegalArgumentException(name + " must be between 0 and 1, was " + p);
        }
        return p;
    }

    private static void nonNegative(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, was " + d);
        }
    }
}
