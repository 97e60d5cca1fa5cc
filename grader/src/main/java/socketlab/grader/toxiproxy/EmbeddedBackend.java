package socketlab.grader.toxiproxy;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.OptionalLong;
import socketlab.grader.toxiproxy.embedded.EmbeddedToxiproxy;

/** The in-JVM engine: proxies and programs all on 127.0.0.1. */
final class EmbeddedBackend implements ToxiproxyBackend {
    private final EmbeddedToxiproxy engine;
    private final ToxiproxyClient client;

    EmbeddedBackend(EmbeddedToxiproxy engine) {
        this.engine = engine;
        this.client = new ToxiproxyClient(engine.host(), engine.port());
    }

    EmbeddedToxiproxy engine() {
        return engine;
    }

    /** Names the engine, and why it stands in for Docker when it does. */
    @Override
    public String name() {
        String note = ToxiproxyBackends.fallbackNote();
        return "embedded Toxiproxy-compatible engine" + (note == null ? "" : " (" + note + ")");
    }

    @Override
    public String label() {
        return "embedded engine";
    }

    @Override
    public String apiUrl() {
        return engine.url();
    }

    @Override
    public ToxiproxyClient client() {
        return client;
    }

    @Override
    public String upstreamFor(int hostPort) {
        return "127.0.0.1:" + hostPort;
    }

    @Override
    public Proxy createProxy(String name, int hostPort) throws IOException {
        return client.createProxy(name, "127.0.0.1:0", upstreamFor(hostPort));
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public int hostPortFor(int listenPort) {
        return listenPort;
    }

    @Override
    public OptionalLong proxyCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        return OptionalLong.of(Thread.getAllStackTraces().keySet().stream()
                .filter(EmbeddedToxiproxy::isEngineThread)
                .mapToLong(thread -> Math.max(0, threads.getThreadCpuTime(thread.getId())))
                .sum());
    }

    @Override
    public void close() {
        engine.close();
    }

    @Override
    public String toString() {
        return name() + " at " + engine.url();
    }
}
