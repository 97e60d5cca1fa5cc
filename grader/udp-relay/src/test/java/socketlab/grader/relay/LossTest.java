package socketlab.grader.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LossTest {

    @Test
    void theGilbertModelLosesTheMeanItWasMadeForInBurstsOfTheMeanLength() {
        long seed = TestSeed.forTest("LossTest.gilbert", 31);
        Loss.GilbertElliott model = Loss.GilbertElliott.bursts(0.2, 4);
        assertThat(model.goodToBad()).isCloseTo(0.0625, within(1e-12));
        assertThat(model.badToGood()).isCloseTo(0.25, within(1e-12));
        assertThat(model.meanLoss()).isCloseTo(0.2, within(1e-12));
        assertThat(model.meanBadStay()).isCloseTo(4, within(1e-12));

        Impairment impairment = Impairment.none().loss(model);
        Loss.State state = model.newState();
        SplittableRandom stream = new SplittableRandom(seed);
        int n = 400_000;
        int lost = 0;
        int bursts = 0;
        boolean previousLost = false;
        for (int i = 0; i < n; i++) {
            boolean isLost = Fate.draw(impairment, state, stream.split(), 100).lost();
            lost += isLost ? 1 : 0;
            bursts += isLost && !previousLost ? 1 : 0;
            previousLost = isLost;
        }
        // Bursts are correlated, so the bounds are wider than a binomial's: about 400 bursts of 4 per 8,000 datagrams.
        assertThat((double) lost / n).as("the share lost").isCloseTo(0.2, within(0.01));
        assertThat((double) lost / bursts)
                .as("the mean length of a run of losses")
                .isCloseTo(4, within(0.2));
    }

    @Test
    void independentLossMakesShortRunsAndDrawsNothingMoreThanBefore() {
        long seed = TestSeed.forTest("LossTest.independent", 37);
        Impairment impairment = Impairment.none().loss(0.2);
        SplittableRandom stream = new SplittableRandom(seed);
        SplittableRandom same = new SplittableRandom(seed);
        for (int i = 0; i < 10_000; i++) {
            SplittableRandom one = stream.split();
            boolean lost = Fate.draw(impairment, impairment.loss().newState(), one, 100)
                    .lost();
            assertThat(lost)
                    .as("datagram " + i + ": the first draw of its stream decides, as it always did")
                    .isEqualTo(same.split().nextDouble() < 0.2);
        }
    }

    @Test
    void aGeneralGilbertElliottChannelKnowsItsMeanLoss() {
        Loss.GilbertElliott channel = new Loss.GilbertElliott(0.1, 0.3, 0.01, 0.5);
        assertThat(channel.badShare()).isCloseTo(0.25, within(1e-12));
        assertThat(channel.meanLoss()).isCloseTo(0.75 * 0.01 + 0.25 * 0.5, within(1e-12));
        assertThat(channel.describe())
                .isEqualTo("bursty loss 13.25% (Gilbert-Elliott: good→bad 10%, bad→good 30%, "
                        + "loss 1% in good and 50% in bad; bad lasts 3.33 datagrams on average)");
        assertThat(Impairment.none().burstLoss(0.2, 4).describe())
                .isEqualTo("bursty loss 20% (Gilbert-Elliott: "
                        + "good→bad 6.25%, bad→good 25%; bad lasts 4 datagrams on average)");
    }

    @Test
    void refusesImpossibleBursts() {
        assertThatThrownBy(() -> Loss.GilbertElliott.bursts(0.6, 1))
                .hasMessage("a mean loss of 60% in bursts of 1 " + "datagrams on average is impossible: at most 50%");
        assertThatThrownBy(() -> Loss.GilbertElliott.bursts(0.1, 0.5))
                .hasMessage("mean burst length must be at least 1 datagram, was 0.5");
        assertThatThrownBy(() -> Loss.GilbertElliott.bursts(1, 3))
                .hasMessage("bursty mean loss must be at least 0 and below 1, was 1.0");
        assertThatThrownBy(() -> new Loss.GilbertElliott(0.1, 0, 0, 1))
                .hasMessage("Gilbert-Elliott badToGood must be above 0 (else a burst never ends)");
    }
}
