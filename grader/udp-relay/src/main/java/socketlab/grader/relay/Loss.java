package socketlab.grader.relay;

import java.util.SplittableRandom;

/**
 * Which datagrams of a direction the relay loses: each one independently ({@link Independent}), or in bursts
 * ({@link GilbertElliott}), as a wireless link or a congested router queue does. A model is an immutable value;
 * the relay asks it for a fresh {@link State} per direction whenever the impairment is set, so that the decisions
 * replay from the seed.
 */
public sealed interface Loss permits Loss.Independent, Loss.GilbertElliott {

    /** No loss at all. */
    static Loss none() {
        return Independent.NONE;
    }

    /** Each datagram lost with this probability (0..1), whatever happened to the others. */
    static Loss independent(double probability) {
        return probability == 0 ? Independent.NONE : new Independent(probability);
    }

    /** The long-run share of datagrams lost. */
    double meanLoss();

    /** One line for students, e.g. "loss 30%". */
    String describe();

    /** A fresh decider for one direction. */
    State newState();

    /** The model's memory within one direction: used by that direction's reader thread only. */
    interface State {
        /** The probability that the next datagram is lost. */
        double lossProbability();

        /** Moves on after a datagram, drawing from that datagram's own random stream (its last draw). */
        void advance(SplittableRandom random);
    }

    /**
     * Each datagram is lost with probability {@code probability}, independently of the others (a Bernoulli channel).
     */
    record Independent(double probability) implements Loss, State {
        static final Independent NONE = new Independent(0);

        public Independent {
            Impairment.probability("loss", probability);
        }

        @Override
        public double meanLoss() {
            return probability;
        }

        @Override
        public String describe() {
            return "loss " + Format.percent(probability);
        }

        @Override
        public State newState() {
            return this; // nothing to remember
        }

        @Override
        public double lossProbability() {
            return probability;
        }

        @Override
        public void advance(SplittableRandom random) {
            // Independent: no draw, so a seed gives the same decisions as before bursty loss existed.
        }
    }

    /**
     * The Gilbert-Elliott channel: a two-state Markov chain, advanced once per datagram. In the Good state a datagram
     * is
     * lost with probability {@code lossInGood}, in the Bad state with {@code lossInBad}; after each datagram the
     * channel
     * goes from Good to Bad with probability {@code goodToBad} (p) and from Bad to Good with {@code badToGood} (r). It
     * starts in Good.
     *
     * <ul>
     *   <li>Share of datagrams that meet the Bad state: π<sub>B</sub> = p / (p + r).</li>
     *   <li>Mean loss: (r · lossInGood + p · lossInBad) / (p + r).</li>
     *   <li>A stay in Bad lasts 1/r datagrams on average (geometric), a stay in Good 1/p.</li>
     *   <li>In the Gilbert model (lossInGood 0, lossInBad 1, made by {@link #bursts}) a loss burst is exactly a stay in
     *       Bad: its mean length is 1/r, and the mean loss is p / (p + r).</li>
     * </ul>
     * Example: {@code bursts(0.2, 4)} has r = 0.25 and p = 0.0625: 20% of datagrams lost, in runs of 4 on average,
     * where independent loss of 20% would make runs of 1.25.
     *
     * @param goodToBad  p, the chance of going from Good to Bad after a datagram
     * @param badToGood  r, the chance of going from Bad to Good after a datagram (above 0, or Bad would last forever)
     * @param lossInGood the loss probability in Good
     * @param lossInBad  the loss probability in Bad
     */
    record GilbertElliott(double goodToBad, double badToGood, double lossInGood, double lossInBad) implements Loss {

        public GilbertElliott {
            Impairment.probability("Gilbert-Elliott goodToBad", goodToBad);
            Impairment.probability("Gilbert-Elliott badToGood", badToGood);
            Impairment.probability("Gilbert-Elliott lossInGood", lossInGood);
            Impairment.probability("Gilbert-Elliott lossInBad", lossInBad);
            if (badToGood == 0) {
                throw new IllegalArgumentException(
                        "Gilbert-Elliott badToGood must be above 0 (else a burst never ends)");
            }
        }

        /**
         * The Gilbert model for a mean loss and a mean burst length (in datagrams, at least 1): r = 1 /
         * meanBurstLength,
         * p = r · meanLoss / (1 − meanLoss). A mean loss above meanBurstLength / (meanBurstLength + 1) cannot be had
         * with bursts that short, and is refused.
         */
        public static GilbertElliott bursts(double meanLoss, double meanBurstLength) {
            if (!(meanLoss >= 0 && meanLoss < 1)) {
                throw new IllegalArgumentException("bursty mean loss must be at least 0 and below 1, was " + meanLoss);
            }
            if (!(meanBurstLength >= 1) || Double.isInfinite(meanBurstLength)) {
                throw new IllegalArgumentException(
                        "mean burst length must be at least 1 datagram, was " + meanBurstLength);
            }
            double r = 1 / meanBurstLength;
            double p = r * meanLoss / (1 - meanLoss);
            if (p > 1) {
                throw new IllegalArgumentException("a mean loss of " + Format.percent(meanLoss) + " in bursts of "
                        + Format.rate(meanBurstLength) + " datagrams on average is impossible: at most "
                        + Format.percent(meanBurstLength / (meanBurstLength + 1)));
            }
            return new GilbertElliott(p, r, 0, 1);
        }

        /** π_B: the long-run share of datagrams that meet the Bad state. */
        public double badShare() {
            return goodToBad / (goodToBad + badToGood);
        }

        @Override
        public double meanLoss() {
            double bad = badShare();
            return (1 - bad) * lossInGood + bad * lossInBad;
        }

        /** How many datagrams a stay in Bad lasts on average (1/r): in the Gilbert model, the mean loss burst. */
        public double meanBadStay() {
            return 1 / badToGood;
        }

        @Override
        public String describe() {
            String states = lossInGood == 0 && lossInBad == 1
                    ? ""
                    : ", loss " + Format.percent(lossInGood) + " in good and " + Format.percent(lossInBad) + " in bad";
            return "bursty loss " + Format.percent(meanLoss()) + " (Gilbert-Elliott: good→bad "
                    + Format.percent(goodToBad) + ", bad→good " + Format.percent(badToGood) + states + "; bad lasts "
                    + Format.rate(meanBadStay()) + " datagrams on average)";
        }

        @Override
        public State newState() {
            return new State() {
                private boolean bad;

                @Override
                public double lossProbability() {
                    return bad ? lossInBad : lossInGood;
                }

                @Override
                public void advance(SplittableRandom random) {
                    double u = random.nextDouble();
                    bad = bad ? u >= badToGood : u < goodToBad;
                }
            };
        }
    }
}
