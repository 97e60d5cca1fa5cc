package socketlab.grader.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfEnvironmentVariable;

/** Backend selection rules (system properties are restored after each test). */
class ToxiproxyBackendsTest {

    @AfterEach
    void clearProperties() {
        System.clearProperty(ToxiproxyBackends.BACKEND_PROPERTY);
        System.clearProperty(ToxiproxyBackends.URL_PROPERTY);
    }

    @Test
    void forcedEmbeddedStartsTheEngine() {
        System.setProperty(ToxiproxyBackends.BACKEND_PROPERTY, "embedded");
        try (ToxiproxyBackend backend = ToxiproxyBackends.create()) {
            assertThat(backend.name()).isEqualTo("embedded Toxiproxy-compatible engine");
            assertThat(backend.apiUrl()).matches("http://127\\.0\\.0\\.1:[1-9][0-9]*");
            assertThat(backend.upstreamFor(4242)).isEqualTo("127.0.0.1:4242");
            assertThat(backend.host()).isEqualTo("127.0.0.1");
            assertThat(backend.hostPortFor(4242)).isEqualTo(4242);
        }
    }

    @Test
    void aConfiguredUrlSelectsThatServer() {
        System.setProperty(ToxiproxyBackends.URL_PROPERTY, "http://127.0.0.1:1");
        try (ToxiproxyBackend backend = ToxiproxyBackends.create()) {
            assertThat(backend.name()).isEqualTo("Toxiproxy at http://127.0.0.1:1");
            assertThat(backend.upstreamFor(4242)).isEqualTo("127.0.0.1:4242");
        }
    }

    @Test
    @DisabledIfEnvironmentVariable(named = "TOXIPROXY_URL", matches = ".+")
    void forcedExternalNeedsAUrl() {
        System.setProperty(ToxiproxyBackends.BACKEND_PROPERTY, "external");
        assertThatThrownBy(ToxiproxyBackends::create)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("TOXIPROXY_URL");
    }

    @Test
    void anUnknownForcedBackendIsRefused() {
        System.setProperty(ToxiproxyBackends.BACKEND_PROPERTY, "carrier-pigeon");
        assertThatThrownBy(ToxiproxyBackends::create)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("embedded, docker or external");
    }

    @Test
    void theDockerProbeAnswersQuickly() {
        assertTimeoutPreemptively(Duration.ofSeconds(20), ToxiproxyBackends::dockerAvailable);
    }
}
