package socketlab.grader.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The test-facing API on the embedded backend: descriptions, replacement of toxics, and cleanup. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TcpPathTest {
    private ToxiproxyBackend backend;

    @BeforeAll
    void start() {
        backend = ToxiproxyBackends.embedded();
    }

    @AfterAll
    void stop() {
        backend.close();
    }

    @Test
    void describeNamesEveryActiveToxic() throws IOException {
        try (TestServer server = TestServer.echo();
                TcpPath path = TcpPath.to(backend, server.port())) {
            assertThat(path.describe()).isEqualTo("Toxiproxy (embedded engine): no impairment");

            path.latency(Duration.ofMillis(200), Duration.ofMillis(20)).slicer(4, 2, Duration.ofNanos(100_000));

            assertThat(path.describe())
                    .isEqualTo("Toxiproxy (embedded engine): latency 200 ms ± 20 ms downstream; "
                            + "slicer 4±2 bytes every 100 µs upstream");
            path.down();
            assertThat(path.describe()).startsWith("Toxiproxy (embedded engine): down (connections refused); ");
            path.up().removeAll();
            assertThat(path.describe()).isEqualTo("Toxiproxy (embedded engine): no impairment");
        }
    }

    @Test
    void describeCoversEveryHelper() throws IOException {
        try (TestServer server = TestServer.echo();
                TcpPath path = TcpPath.to(backend, server.port())) {
            path.latencyUpstream(Duration.ofMillis(5), Duration.ZERO)
                    .bandwidth(64)
                    .timeout(Duration.ofMillis(900))
                    .slowClose(Duration.ofMillis(30))
                    .limitData(4096)
                    .resetPeer(Duration.ofMillis(70));

            assertThat(path.describe())
                    .isEqualTo("Toxiproxy (embedded engine): "
                            + "bandwidth 64 KB/s downstream; timeout (data stopped, closed after 900 ms) downstream; "
                            + "slow close 30 ms downstream; limit 4096 bytes downstream; "
                            + "reset_peer (RST 70 ms after data) downstream; latency 5 ms upstream");
        }
    }

    @Test
    void aSecondImpairmentOfTheSameKindReplacesTheFirst() throws IOException {
        try (TestServer server = TestServer.echo();
                TcpPath path = TcpPath.to(backend, server.port())) {
            path.latency(Duration.ofMillis(500), Duration.ZERO).latency(Duration.ofMillis(5), Duration.ZERO);

            assertThat(path.describe()).isEqualTo("Toxiproxy (embedded engine): latency 5 ms downstream");
            try (Socket client = Net.connect(path)) {
                assertThat(Duration.ofNanos(Net.roundTripNanos(client, new byte[] {1})))
                        .isLessThan(Duration.ofMillis(450));
            }
        }
    }

    @Test
    void closeDeletesTheProxy() throws IOException {
        String name;
        try (TestServer server = TestServer.echo()) {
            TcpPath path = TcpPath.to(backend, server.port());
            name = path.proxy().getName();
            assertThat(path.host()).isEqualTo("127.0.0.1");
            assertThat(path.serverPort()).isEqualTo(server.port());
            path.close();
        }
        assertThat(backend.client().getProxyOrNull(name)).isNull();
    }

    @Test
    void refusedChangesSurfaceAsUncheckedIoExceptions() throws IOException {
        try (TestServer server = TestServer.echo()) {
            TcpPath path = TcpPath.to(backend, server.port());
            path.close();
            assertThatThrownBy(() -> path.latency(Duration.ofMillis(1), Duration.ZERO))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("embedded engine");
        }
    }
}
