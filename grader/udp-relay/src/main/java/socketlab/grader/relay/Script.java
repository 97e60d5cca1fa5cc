package socketlab.grader.relay;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The scripted channel: rules that decide the fate of chosen datagrams of one direction, beside the random
 * impairment that decides the others. A test uses it to play a textbook scenario exactly: "lose the first copy of
 * DATA 2", "hold ACK 0 past the sender's timer", "lose the FIN's ACK", whatever the seed and whatever the timing.
 *
 * <pre>{@code
 * Impairment.none().script(
 *         Script.Rule.drop(Script.Match.packet("DATA", 2)),                       // its first copy only
 *         Script.Rule.delay(Script.Match.packet("ACK", 0), Duration.ofMillis(500)),
 *         Script.Rule.flipBit(Script.Match.nth(4), 37))                           // the 4th datagram of the direction
 * }</pre>
 *
 * <p>Each datagram is checked against the rules in order; the first rule that matches and has not yet acted
 * {@link Rule#times() its number of times} decides alone: none of the random decisions apply to that datagram. A rule
 * that names a packet ({@link Match#packet}) needs the relay to have a {@link PacketDecoder}. The decisions depend only
 * on the order and content of the datagrams the relay reads in that direction, so a scenario replays exactly.
 *
 * @param rules the rules, in the order they are tried
 */
public record Script(List<Rule> rules) {

    private static final Script NONE = new Script(List.of());

    public Script {
        rules = List.copyOf(rules);
    }

    /** No rules: the random impairment decides every datagram. */
    public static Script none() {
        return NONE;
    }

    public static Script of(Rule... rules) {
        return new Script(List.of(rules));
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /** True if a rule picks datagrams by their decoded packet. */
    public boolean readsPackets() {
        return rules.stream().anyMatch(rule -> rule.match() instanceof Match.PacketIs);
    }

    /** E.g. "scripted: drop the first ACK 5; hold the first ACK 0 for 500 ms". */
    public String describe() {
        return "scripted: " + rules.stream().map(Rule::describe).collect(Collectors.joining("; "));
    }

    /** Fresh counters for one direction. */
    State newState() {
        return new State(this);
    }

    /** Which datagrams a rule picks. */
    public sealed interface Match permits Match.Nth, Match.PacketIs {

        /** The {@code n}-th datagram of the direction (1 for the first), in the order the relay reads them. */
        static Match nth(long n) {
            return new Nth(n);
        }

        /** The datagrams that decode as this packet, e.g. {@code packet("ACK", 5)}. */
        static Match packet(String kind, long seq) {
            return new PacketIs(new Packet(kind, seq));
        }

        boolean matches(long index, Packet packet);

        String describe(int times);

        record Nth(long n) implements Match {
            public Nth {
                if (n < 1) {
                    throw new IllegalArgumentException("the n-th datagram counts from 1, was " + n);
                }
            }

            @Override
            public boolean matches(long index, Packet packet) {
                return index == n - 1;
            }

            @Override
            public String describe(int times) {
                return "the " + ordinal(n) + " datagram";
            }
        }

        record PacketIs(Packet packet) implements Match {
            public PacketIs {
                Objects.requireNonNull(packet, "packet");
            }

            @Override
            public boolean matches(long index, Packet decoded) {
                return packet.equals(decoded);
            }

            @Override
            public String describe(int times) {
                return times == Rule.ALWAYS
                        ? "every " + packet
                        : times == 1 ? "the first " + packet : "the first " + times + " copies of " + packet;
            }
        }
    }

    /** What a rule does to a datagram it picks. */
    public sealed interface Action permits Action.Drop, Action.Hold, Action.Duplicate, Action.FlipBit {

        /** Lose it. */
        record Drop() implements Action {}

        /** Forward it once, exactly {@code duration} after it reached the relay. */
        record Hold(Duration duration) implements Action {
            public Hold {
                Objects.requireNonNull(duration, "duration");
                if (duration.isNegative()) {
                    throw new IllegalArgumentException("a scripted delay must not be negative, was " + duration);
                }
            }
        }

        /** Forward it twice, one copy right after the other, after the direction's fixed delay (no jitter). */
        record Duplicate() implements Action {}

        /**
         * Forward it once with bit {@code bit} flipped (counted from the first byte's lowest bit, modulo its length).
         */
        record FlipBit(int bit) implements Action {
            public FlipBit {
                if (bit < 0) {
                    throw new IllegalArgumentException("a bit index must be 0 or more, was " + bit);
                }
            }
        }
    }

    /**
     * One rule: the datagrams it picks, what it does to them, and how many of them (1 by default).
     *
     * @param match  which datagrams
     * @param action what to do
     * @param times  how many matching datagrams it acts on, the first ones ({@link #ALWAYS}: all)
     */
    public record Rule(Match match, Action action, int times) {
        /** {@link #times()} for a rule that acts on every datagram it matches. */
        public static final int ALWAYS = Integer.MAX_VALUE;

        public Rule {
            Objects.requireNonNull(match, "match");
            Objects.requireNonNull(action, "action");
            if (times < 1) {
                throw new IllegalArgumentException("a rule acts at least once, was " + times);
            }
        }

        public static Rule drop(Match match) {
            return new Rule(match, new Action.Drop(), 1);
        }

        /** Holds the datagram in the relay for exactly {@code duration} (e.g. past the sender's timer). */
        public static Rule delay(Match match, Duration duration) {
            return new Rule(match, new Action.Hold(duration), 1);
        }

        public static Rule duplicate(Match match) {
            return new Rule(match, new Action.Duplicate(), 1);
        }

        public static Rule flipBit(Match match, int bit) {
            return new Rule(match, new Action.FlipBit(bit), 1);
        }

        /** The same rule, acting on the first {@code count} datagrams it matches. */
        public Rule times(int count) {
            return new Rule(match, action, count);
        }

        /** The same rule, acting on every datagram it matches. */
        public Rule always() {
            return times(ALWAYS);
        }

        String describe() {
            String target = match.describe(times);
            if (action instanceof Action.Hold hold) {
                return "hold " + target + " for " + Format.duration(hold.duration());
            }
            if (action instanceof Action.FlipBit flip) {
                return "flip bit " + flip.bit() + " of " + target;
            }
            return (action instanceof Action.Drop ? "drop " : "duplicate ") + target;
        }
    }

    /** How many times each rule has acted, in one direction. Used by that direction's reader thread only. */
    static final class State {
        private final Script script;
        private final int[] used;

        private State(Script script) {
            this.script = script;
            this.used = new int[script.rules.size()];
        }

        /** The rule that decides datagram {@code index} (decoded as {@code packet}, or null), or null if none does. */
        Rule decide(long index, Packet packet) {
            List<Rule> rules = script.rules;
            for (int i = 0; i < rules.size(); i++) {
                Rule rule = rules.get(i);
                if (used[i] < rule.times() && rule.match().matches(index, packet)) {
                    used[i]++;
                    return rule;
                }
            }
            return null;
        }
    }

    static String ordinal(long n) {
        long lastTwo = n % 100;
        String suffix = lastTwo >= 11 && lastTwo <= 13
                ? "th"
                : switch ((int) (n % 10)) {
                    case 1 -> "st";
                    case 2 -> "nd";
                    case 3 -> "rd";
                    default -> "th";
                };
        return n + suffix;
    }
}
