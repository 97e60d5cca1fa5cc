package socketlab.grader.toxiproxy;

import org.testcontainers.junit.jupiter.EnabledIfDockerAvailable;

/** The conformance suite against Toxiproxy 2.12.0 in Testcontainers (skipped without Docker). */
@EnabledIfDockerAvailable
class ContainerToxiproxyConformanceTest extends AbstractToxiproxyConformanceTest {
    @Override
    protected ToxiproxyBackend openBackend() {
        return ToxiproxyBackends.container();
    }
}
