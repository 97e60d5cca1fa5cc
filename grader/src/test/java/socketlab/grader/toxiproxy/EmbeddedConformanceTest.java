package socketlab.grader.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The conformance suite against the embedded engine: runs in every build. */
class EmbeddedConformanceTest extends AbstractToxiproxyConformanceTest {
    @Override
    protected ToxiproxyBackend openBackend() {
        long seed = Long.getLong("socketlab.toxiproxy.seed", System.nanoTime());
        System.out.println("EmbeddedConformanceTest: engine seed " + seed + " (replay with -Dsocketlab.toxiproxy.seed="
                + seed + ")");
        return ToxiproxyBackends.embedded(seed);
    }

    /** Every thread of the proxy's connections has ended (waited for by joining them, never by sleeping). */
    @Override
    protected void assertNothingLeftOf(String proxyName) {
        String prefix = "toxiproxy-embedded-" + proxyName + "-c";
        List<Thread> threads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(prefix))
                .toList();
        for (Thread thread : threads) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        assertThat(threads.stream().filter(Thread::isAlive).map(Thread::getName).toList())
                .as("threads of %s's connections still running", proxyName)
                .isEmpty();
    }

    /** Settings on which Toxiproxy 2.12 panics once data flows (see ExternalToxiproxyConformanceTest) are a 400. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "latency   | {\"jitter\":4611686018427387904}                         | jitter",
                "latency   | {\"jitter\":9223372036854775807}                         | jitter",
                "bandwidth | {\"rate\":-1}                                            | rate",
                "bandwidth | {\"rate\":92233720368547759}                             | rate",
                "slicer    | {\"average_size\":0}                                     | slicer",
                "slicer    | {\"average_size\":4,\"size_variation\":5}                | slicer",
                "slicer    | {\"average_size\":4,\"size_variation\":-4}               | slicer",
            })
    void settingsThatMakeToxiproxyPanicAreRefused(String type, String attributes, String named) {
        RawApi.Response refused = crashingToxic(type, attributes);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.error()).contains(named).contains("Toxiproxy 2.12").contains("panic");
    }
}
