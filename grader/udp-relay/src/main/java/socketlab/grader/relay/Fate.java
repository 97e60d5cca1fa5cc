package socketlab.grader.relay;

import java.util.SplittableRandom;

/**
 * The random decisions for one datagram, drawn from that datagram's own random stream.
 * The draws happen in a fixed order and all of them are always made, whatever the outcome, so the decisions for
 * datagram n depend only on the seed, the direction, n, the impairment, the payload length and, for bursty loss,
 * the loss model's state (itself decided by the earlier datagrams' draws).
 */
record Fate(
        boolean lost,
        boolean duplicated,
        boolean heldBack,
        long delayNanos,
        long duplicateDelayNanos,
        int[] flippedBits) {

    private static final int[] NO_BITS = new int[0];

    static Fate draw(Impairment impairment, Loss.State loss, SplittableRandom random, int payloadLength) {
        boolean lost = random.nextDouble() < loss.lossProbability();
        boolean duplicated = random.nextDouble() < impairment.duplication().probability();
        boolean heldBack = random.nextDouble() < impairment.reordering().probability();
        long delay = delayDraw(impairment.delay(), random);
        long duplicateDelay = delayDraw(impairment.delay(), random);
        boolean corrupted = random.nextDouble() < impairment.corruption().probability();
        // Bit positions next: they are the only draws whose number depends on the payload.
        int[] bits = corrupted && payloadLength > 0
                ? bitPositions(random, impairment.corruption().maxBits(), payloadLength)
                : NO_BITS;
        loss.advance(random); // last: bursty loss moves on (independent loss draws nothing here)
        return new Fate(lost, duplicated, heldBack, delay, duplicateDelay, bits);
    }

    boolean corrupted() {
        return flippedBits.length > 0;
    }

    /** Flips the chosen bits of {@code payload} in place. */
    void corrupt(byte[] payload) {
        for (int bit : flippedBits) {
            flip(payload, bit);
        }
    }

    /** Flips bit {@code bit} of {@code payload}: bit 0 is the first byte's lowest bit. */
    static void flip(byte[] payload, int bit) {
        payload[bit >>> 3] ^= (byte) (1 << (bit & 7));
    }

    private static long delayDraw(Impairment.Delay delay, SplittableRandom random) {
        long base = delay.base().toNanos();
        long jitter = delay.jitter().toNanos();
        long offset = random.nextLong(-jitter, jitter + 1); // uniform in [-jitter, +jitter]
        return Math.max(0, base + offset);
    }

    /** Between 1 and maxBits distinct bit indexes into the payload. */
    private static int[] bitPositions(SplittableRandom random, int maxBits, int payloadLength) {
        int totalBits = payloadLength * 8;
        int count = Math.min(1 + random.nextInt(maxBits), totalBits);
        int[] bits = new int[count];
        for (int i = 0; i < count; i++) {
            int candidate;
            do {
                candidate = random.nextInt(totalBits);
            } while (contains(bits, i, candidate));
            bits[i] = candidate;
        }
        return bits;
    }

    private static boolean contains(int[] values, int length, int value) {
        for (int i = 0; i < length; i++) {
            if (values[i] == value) {
                return true;
            }
        }
        return false;
    }
}
