package socketlab.grader.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ImpairmentTest {

    @Test
    void noneLeavesTrafficAlone() {
        assertThat(Impairment.none().isNone()).isTrue();
        assertThat(Impairment.none().describe()).isEqualTo("no impairment");
        assertThat(Impairment.none().loss(0.1).isNone()).isFalse();
    }

    @Test
    void settersReturnNewValuesAndLeaveTheOriginalUnchanged() {
        Impairment base = Impairment.none().loss(0.3);
        Impairment more = base.duplicate(0.1);

        assertThat(base.duplication().probability()).isZero();
        assertThat(more.loss().meanLoss()).isEqualTo(0.3);
        assertThat(more.duplication().probability()).isEqualTo(0.1);
        assertThat(Impairment.none().loss(0.3)).isEqualTo(base).hasSameHashCodeAs(base);
    }

    @Test
    void describesEveryConfiguredImpairmentInOneLine() {
        Impairment impairment = Impairment.none()
                .loss(0.3)
                .delay(Duration.ofMillis(100), Duration.ofMillis(20))
                .duplicate(0.005)
                .reorder(0.1, Duration.ofMillis(500))
                .corrupt(0.01, 3)
                .datagramsPerSecond(1000)
                .queueLimit(20)
                .maxDatagramSize(512);

        assertThat(impairment.describe())
                .isEqualTo("max datagram 512 bytes, loss 30%, delay 100 ms ± 20 ms, "
                        + "duplicate 0.5%, reorder 10% (held up to 500 ms), corrupt 1% (1-3 bits), "
                        + "rate 1000 datagrams/s (queue 20)");
        assertThat(Impairment.none().delay(Duration.ofMillis(50)).describe()).isEqualTo("delay 50 ms");
        assertThat(Impairment.none().bytesPerSecond(12_500.5).describe()).isEqualTo("rate 12500.5 bytes/s (queue 64)");
    }

    @Test
    void rejectsProbabilitiesOutsideZeroToOne() {
        assertThatThrownBy(() -> Impairment.none().loss(1.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("loss must be between 0 and 1, was 1.5");
        assertThatThrownBy(() -> Impairment.none().duplicate(-0.1))
                .hasMessage("duplicate must be between 0 and 1, was -0.1");
        assertThatThrownBy(() -> Impairment.none().reorder(Double.NaN))
                .hasMessage("reorder must be between 0 and 1, was NaN");
        assertThatThrownBy(() -> Impairment.none().corrupt(2)).hasMessage("corrupt must be between 0 and 1, was 2.0");
    }

    @Test
    void rejectsOtherNonsenseWithClearMessages() {
        assertThatThrownBy(() -> Impairment.none().delay(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("delay must not be negative, was PT-0.001S");
        assertThatThrownBy(() -> Impairment.none().delay(Duration.ZERO, Duration.ofMillis(-5)))
                .hasMessage("jitter must not be negative, was PT-0.005S");
        assertThatThrownBy(() -> Impairment.none().corrupt(0.1, 0))
                .hasMessage("corrupt maxBits must be between 1 and 64, was 0");
        assertThatThrownBy(() -> Impairment.none().datagramsPerSecond(0))
                .hasMessage("rate limit must be a positive number of datagrams/s, was 0.0");
        assertThatThrownBy(() -> Impairment.none().queueLimit(-1)).hasMessage("queueLimit must be 0 or more, was -1");
        assertThatThrownBy(() -> Impairment.none().maxDatagramSize(70_000))
                .hasMessage("maxDatagramSize must be between 1 and 65507 bytes, was 70000");
        assertThatThrownBy(() -> Impairment.none().reorder(0.1, Duration.ZERO))
                .hasMessage("reorder maxHold must be positive, was PT0S");
    }
}
