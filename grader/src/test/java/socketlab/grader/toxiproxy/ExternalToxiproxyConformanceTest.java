package socketlab.grader.toxiproxy;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** The conformance suite against a real Toxiproxy named by TOXIPROXY_URL (skipped when it is not set). */
@EnabledIfEnvironmentVariable(named = "TOXIPROXY_URL", matches = ".+")
class ExternalToxiproxyConformanceTest extends AbstractToxiproxyConformanceTest {
    @Override
    protected ToxiproxyBackend openBackend() {
        return ToxiproxyBackends.external(System.getenv("TOXIPROXY_URL"));
    }
}
