package socketlab.grader.suites.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The lab-tcp suites' own helpers: the grader's stats arithmetic and its raw HTTP response parser. */
class TcpSuiteHelpersTest {

    @Test
    void expectedReplyIsTotalLowestHighestMean() {
        assertThat(StatsReplies.expectedReply("6 5 9 7 4.2")).isEqualTo("31.2 4.2 9.0 6.24");
        assertThat(StatsReplies.expectedReply("  -4   4 ")).isEqualTo("0.0 -4.0 4.0 0.0");
    }

    @Test
    void fakeServerAnswersGarbageWithAnErrorLine() {
        assertThat(StatsReplies.fakeServerReply("1 two")).startsWith("ERROR");
        assertThat(StatsReplies.fakeServerReply("")).startsWith("ERROR");
    }

    @Test
    void statsCheckAcceptsOtherNotationsAndRejectsWrongNumbers() {
        StatsReplies.assertStats(Optional.of("31.2 4.2 9 6.240000000001"), "6 5 9 7 4.2", "reply");
        assertThatThrownBy(() -> StatsReplies.assertStats(Optional.of("31.2 4.2 9 6.3"), "6 5 9 7 4.2", "reply"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("6.3");
        assertThatThrownBy(() -> StatsReplies.assertStats(Optional.of("OK 31.2 4.2 9 6.24"), "6 5 9 7 4.2", "reply"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("number of words");
        assertThatThrownBy(() -> StatsReplies.assertStats(Optional.empty(), "1", "reply"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("1.0 1.0 1.0 1.0");
    }
}
