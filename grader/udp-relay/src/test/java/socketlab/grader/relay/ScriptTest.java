package socketlab.grader.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScriptTest {

    private static final Packet ACK_5 = new Packet("ACK", 5);

    @Test
    void theFirstRuleThatMatchesDecidesAndActsOnlyAsOftenAsItMay() {
        Script script = Script.of(
                Script.Rule.drop(Script.Match.packet("ACK", 5)).times(2),
                Script.Rule.duplicate(Script.Match.nth(3)),
                Script.Rule.delay(Script.Match.packet("ACK", 5), Duration.ofMillis(500)));
        Script.State state = script.newState();

        assertThat(state.decide(0, ACK_5).action()).isInstanceOf(Script.Action.Drop.class);
        assertThat(state.decide(1, new Packet("ACK", 4))).as("another packet").isNull();
        assertThat(state.decide(2, ACK_5).action())
                .as("the 3rd datagram: the drop rule still has one go, and comes first")
                .isInstanceOf(Script.Action.Drop.class);
        assertThat(state.decide(3, ACK_5).action())
                .as("the drops are used up: the next rule that matches")
                .isEqualTo(new Script.Action.Hold(Duration.ofMillis(500)));
        assertThat(state.decide(4, ACK_5))
                .as("every rule has acted its number of times")
                .isNull();
        assertThat(state.decide(5, null)).as("a datagram that is not a packet").isNull();
    }

    @Test
    void theNthDatagramCountsFromOneInTheOrderTheRelayReadsThem() {
        Script.State state =
                Script.of(Script.Rule.flipBit(Script.Match.nth(2), 9)).newState();
        assertThat(state.decide(0, null)).isNull();
        assertThat(state.decide(1, null).action()).isEqualTo(new Script.Action.FlipBit(9));
        assertThat(state.decide(2, null)).isNull();
    }

    @Test
    void aRuleForEveryCopyNeverRunsOut() {
        Script.State state = Script.of(
                        Script.Rule.drop(Script.Match.packet("ACK", 5)).always())
                .newState();
        for (int i = 0; i < 1000; i++) {
            assertThat(state.decide(i, ACK_5)).isNotNull();
        }
    }

    @Test
    void describesItselfForStudents() {
        Script script = Script.of(
                Script.Rule.drop(Script.Match.packet("ACK", 5)),
                Script.Rule.drop(Script.Match.packet("DATA", 2)).times(3),
                Script.Rule.delay(Script.Match.packet("ACK", 0), Duration.ofMillis(450)),
                Script.Rule.duplicate(Script.Match.nth(21)),
                Script.Rule.flipBit(Script.Match.nth(2), 37),
                Script.Rule.drop(Script.Match.packet("FIN", 9)).always());
        assertThat(script.describe())
                .isEqualTo("scripted: drop the first ACK 5; drop the first 3 copies of DATA 2; "
                        + "hold the first ACK 0 for 450 ms; duplicate the 21st datagram; flip bit 37 of the 2nd "
                        + "datagram; "
                        + "drop every FIN 9");
        assertThat(Impairment.none()
                        .delay(Duration.ofMillis(50))
                        .script(Script.Rule.drop(Script.Match.nth(12)))
                        .describe())
                .isEqualTo("scripted: drop the 12th datagram, delay 50 ms");
        assertThat(script.readsPackets()).isTrue();
        assertThat(Script.of(Script.Rule.drop(Script.Match.nth(1))).readsPackets())
                .isFalse();
        assertThat(Script.none().isEmpty()).isTrue();
        assertThat(Impairment.none().script(Script.none()).isNone()).isTrue();
        assertThat(Impairment.none()
                        .script(Script.Rule.drop(Script.Match.nth(1)))
                        .isNone())
                .isFalse();
    }

    @Test
    void rejectsNonsenseWithClearMessages() {
        assertThatThrownBy(() -> Script.Match.nth(0)).hasMessage("the n-th datagram counts from 1, was 0");
        assertThatThrownBy(() -> Script.Rule.drop(Script.Match.nth(1)).times(0))
                .hasMessage("a rule acts at least once, was 0");
        assertThatThrownBy(() -> Script.Rule.delay(Script.Match.nth(1), Duration.ofMillis(-1)))
                .hasMessage("a scripted delay must not be negative, was PT-0.001S");
        assertThatThrownBy(() -> Script.Rule.flipBit(Script.Match.nth(1), -3))
                .hasMessage("a bit index must be 0 or more, was -3");
    }
}
