package socketlab.grader.suites.udp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PingReportTest {

    @Test
    void readsTheLabsOwnFormat() {
        PingReport report = PingReport.parse("""
                PING 1: RTT = 101.234 ms
                PING 2: Request timed out
                PING 3: RTT = 99.5 ms
                --- 3 pings sent, 2 replies received, 33.3% loss ---
                RTT min/avg/max = 99.500/100.367/101.234 ms
                """);
        assertThat(report.lines).extracting(PingReport.Line::seq).containsExactly(1, 2, 3);
        assertThat(report.bySeq().get(1).rttMillis()).isEqualTo(101.234);
        assertThat(report.bySeq().get(2).rttMillis()).isNull();
        assertThat(report.lossPercent).isEqualTo(33.3);
        assertThat(report.minAvgMax).containsExactly(99.5, 100.367, 101.234);
    }

    @Test
    void toleratesSmallVariationsInSpellingAndSpacing() {
        PingReport report = PingReport.parse("""
                ping 1 rtt 12 ms
                Ping 2:   request timed out
                10 pings, 50% packet loss
                rtt min/avg/max=1/2/3 ms
                """);
        assertThat(report.lines).extracting(PingReport.Line::rttMillis).containsExactly(12.0, null);
        assertThat(report.lossPercent).isEqualTo(50.0);
        assertThat(report.minAvgMax).containsExactly(1.0, 2.0, 3.0);
    }

    @Test
    void noSummaryMeansNothingToRead() {
        PingReport report = PingReport.parse(
                "Exception in thread \"main\" java.lang.UnsupportedOperationException: TODO 1 not implemented\n");
        assertThat(report.lines).isEmpty();
        assertThat(report.lossPercent).isNull();
        assertThat(report.minAvgMax).isNull();
    }
}
