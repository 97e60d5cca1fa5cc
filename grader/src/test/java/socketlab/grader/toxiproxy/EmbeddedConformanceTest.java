package socketlab.grader.toxiproxy;

/** The conformance suite against the embedded engine: runs in every build. */
class EmbeddedConformanceTest extends AbstractToxiproxyConformanceTest {
    @Override
    protected ToxiproxyBackend openBackend() {
        long seed = Long.getLong("socketlab.toxiproxy.seed", System.nanoTime());
        System.out.println("EmbeddedConformanceTest: engine seed " + seed + " (replay with -Dsocketlab.toxiproxy.seed="
                + seed + ")");
        return ToxiproxyBackends.embedded(seed);
    }
}
