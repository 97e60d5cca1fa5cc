package socketlab.grader.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Each experiment's page, now a template among the resources, says word for word what the code that appended it
 * said, for the same figures (the pages that code made are kept as test resources). Text only: no chart is drawn.
 */
class ReportPagesTest {

    @Test
    void thePingerPageIsTheTextItsAppendCodeWrote() {
        assertThat(new PingerExperiment().summary(ReportFixtures.pinger(), ReportFixtures.CONTEXT))
                .isEqualTo(ReportFixtures.before("pinger.md"));
    }

    @Test
    void theSlowClientsPageIsTheTextItsAppendCodeWrote() {
        assertThat(new SlowClientsExperiment().summary(ReportFixtures.slowClients(), ReportFixtures.CONTEXT))
                .isEqualTo(ReportFixtures.before("slow-clients.md"));
    }

    @Test
    void theTcpToxicsPageIsTheTextItsAppendCodeWrote() {
        assertThat(new TcpToxicsExperiment().summary(ReportFixtures.tcpToxics(), ReportFixtures.CONTEXT))
                .isEqualTo(ReportFixtures.before("tcp-toxics.md"));
    }
}
