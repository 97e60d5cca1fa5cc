package socketlab.grader.toxiproxy.embedded;

import java.util.SplittableRandom;

/**
 * The engine's seeded randomness. Each pipe gets its own split generator, so toxicity rolls, jitter and slicer
 * cuts replay for a given seed and connection order.
 */
final class RandomSource {
    private final long seed;
    private final SplittableRandom root;

    RandomSource(long seed) {
        this.seed = seed;
        this.root = new SplittableRandom(seed);
    }

    long seed() {
        return seed;
    }

    synchronized SplittableRandom split() {
        return root.split();
    }
}
