package socketlab.grader.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The conformance suite against a real Toxiproxy named by TOXIPROXY_URL (skipped when it is not set). */
@EnabledIfEnvironmentVariable(named = "TOXIPROXY_URL", matches = ".+")
class ExternalToxiproxyConformanceTest extends AbstractToxiproxyConformanceTest {
    @Override
    protected ToxiproxyBackend openBackend() {
        return ToxiproxyBackends.external(System.getenv("TOXIPROXY_URL"));
    }

    /**
     * The settings the embedded engine refuses (its package-info lists the difference): Toxiproxy takes them, and
     * panics as soon as data flows through them, so no data is sent here.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "latency   | {\"jitter\":4611686018427387904}",
                "bandwidth | {\"rate\":-1}",
                "slicer    | {\"average_size\":0}",
            })
    void settingsThatPanicOnceDataFlowsAreTaken(String type, String attributes) {
        assertThat(crashingToxic(type, attributes).status()).isEqualTo(200);
    }
}
