package socketlab.grader.relay;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The rate limiter with made-up arrival times, so its arithmetic is checked exactly. */
class BottleneckTest {
    private static final long MS = 1_000_000L;

    @Test
    void spacesABurstAtTheRateAndDropsBeyondTheQueue() {
        Impairment hundredPerSecond = Impairment.none().datagramsPerSecond(100).queueLimit(3);
        Bottleneck link = new Bottleneck();

        assertThat(link.admit(hundredPerSecond, 10, 0)).isZero(); // link idle: goes at once
        assertThat(link.admit(hundredPerSecond, 10, 0)).isEqualTo(10 * MS); // waits one service time
        assertThat(link.admit(hundredPerSecond, 10, 0)).isEqualTo(20 * MS);
        assertThat(link.admit(hundredPerSecond, 10, 0)).isEqualTo(30 * MS); // third in the queue
        assertThat(link.admit(hundredPerSecond, 10, 0)).isEqualTo(Bottleneck.FULL);
        assertThat(link.admit(hundredPerSecond, 10, 10 * MS)).isEqualTo(30 * MS); // one left the queue
    }

    @Test
    void aLinkIdleLongEnoughSendsAtOnceAgain() {
        Impairment tenPerSecond = Impairment.none().datagramsPerSecond(10).queueLimit(0);
        Bottleneck link = new Bottleneck();

        assertThat(link.admit(tenPerSecond, 1, 0)).isZero();
        assertThat(link.admit(tenPerSecond, 1, 50 * MS)).isEqualTo(Bottleneck.FULL); // policing: no queue
        assertThat(link.admit(tenPerSecond, 1, 100 * MS)).isZero();
    }

    @Test
    void aByteRateChargesByPayloadLength() {
        Impairment thousandBytesPerSecond = Impairment.none().bytesPerSecond(1000);
        Bottleneck link = new Bottleneck();

        assertThat(link.admit(thousandBytesPerSecond, 100, 0)).isZero();
        assertThat(link.admit(thousandBytesPerSecond, 500, 0)).isEqualTo(100 * MS);
        assertThat(link.admit(thousandBytesPerSecond, 1, 0)).isEqualTo(600 * MS);
    }

    @Test
    void withoutALimitNothingWaits() {
        Bottleneck link = new Bottleneck();
        for (int i = 0; i < 1000; i++) {
            assertThat(link.admit(Impairment.none(), 1000, 0)).isZero();
        }
    }
}
