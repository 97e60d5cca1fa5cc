package socketlab.grader.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FateTest {
    private static final Impairment EVERYTHING = Impairment.none()
            .loss(0.2)
            .duplicate(0.2)
            .reorder(0.2)
            .corrupt(0.2, 8)
            .delay(Duration.ofMillis(50), Duration.ofMillis(10));

    @Test
    void theSameStreamGivesTheSameFates() {
        long seed = TestSeed.forTest("FateTest.theSameStreamGivesTheSameFates", 7);
        SplittableRandom first = new SplittableRandom(seed);
        SplittableRandom second = new SplittableRandom(seed);
        for (int i = 0; i < 1000; i++) {
            Fate a = Fate.draw(EVERYTHING, EVERYTHING.loss().newState(), first.split(), 100);
            Fate b = Fate.draw(EVERYTHING, EVERYTHING.loss().newState(), second.split(), 100);
            assertThat(b).usingRecursiveComparison().isEqualTo(a);
        }
    }

    @Test
    void jitteredDelaysStayWithinTheConfiguredRange() {
        SplittableRandom random = new SplittableRandom(TestSeed.forTest("FateTest.jitter", 11));
        for (int i = 0; i < 10_000; i++) {
            Fate fate = Fate.draw(EVERYTHING, EVERYTHING.loss().newState(), random.split(), 10);
            assertThat(fate.delayNanos()).isBetween(40_000_000L, 60_000_000L);
            assertThat(fate.duplicateDelayNanos()).isBetween(40_000_000L, 60_000_000L);
        }
    }

    @Test
    void corruptionFlipsBetweenOneAndMaxBitsDistinctBits() {
        SplittableRandom random = new SplittableRandom(TestSeed.forTest("FateTest.corruption", 13));
        Impairment alwaysCorrupt = Impairment.none().corrupt(1, 5);
        for (int i = 0; i < 1000; i++) {
            byte[] payload = new byte[16];
            Fate fate = Fate.draw(alwaysCorrupt, alwaysCorrupt.loss().newState(), random.split(), payload.length);
            fate.corrupt(payload);
            assertThat(fate.flippedBits()).hasSizeBetween(1, 5).doesNotHaveDuplicates();
            assertThat(bitCount(payload)).isEqualTo(fate.flippedBits().length);
        }
    }

    @Test
    void anEmptyPayloadIsNeverCorrupted() {
        Fate fate = Fate.draw(Impairment.none().corrupt(1), Loss.none().newState(), new SplittableRandom(1), 0);
        assertThat(fate.corrupted()).isFalse();
    }

    private static int bitCount(byte[] bytes) {
        int count = 0;
        for (byte b : bytes) {
            count += Integer.bitCount(b & 0xff);
        }
        return count;
    }
}
