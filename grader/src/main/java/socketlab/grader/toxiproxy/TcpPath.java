package socketlab.grader.toxiproxy;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.Toxic;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import socketlab.grader.core.BackendsUsed;
import socketlab.grader.core.Trace;

/**
 * An impaired TCP path to a program listening on 127.0.0.1:serverPort, in the style of OkHttp's MockWebServer:
 *
 * <pre>{@code
 * try (TcpPath path = TcpPath.to(server.port())) {
 *     path.latency(Duration.ofMillis(200), Duration.ofMillis(20)).slicer(4, 2, Duration.ofNanos(100_000));
 *     Socket client = new Socket(path.host(), path.port());
 *     ...
 *     feedback(path.describe());
 * }
 * }</pre>
 *
 * Each impairment replaces an earlier one of the same kind and direction. Failures of the Toxiproxy API are
 * thrown as {@link UncheckedIOException}s so the fluent calls stay readable in tests.
 */
public final class TcpPath implements Closeable {
    private static final AtomicLong COUNTER = new AtomicLong();

    private final ToxiproxyBackend backend;
    private final Proxy proxy;
    private final int serverPort;

    private TcpPath(ToxiproxyBackend backend, Proxy proxy, int serverPort) {
        this.backend = backend;
        this.proxy = proxy;
        this.serverPort = serverPort;
    }

    /** A new proxy on the JVM-wide backend ({@link ToxiproxyBackends#select()}). */
    public static TcpPath to(int serverPort) {
        return to(ToxiproxyBackends.select(), serverPort);
    }

    /** A new, uniquely named proxy on the given backend. */
    public static TcpPath to(ToxiproxyBackend backend, int serverPort) {
        String name =
                "socketlab-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet() + "-to-" + serverPort;
        try {
            TcpPath path = new TcpPath(backend, backend.createProxy(name, serverPort), serverPort);
            BackendsUsed.note("TCP: " + backend.name(), "TCP: Toxiproxy, " + backend.label());
            return path;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot create proxy " + name + " on " + backend.name() + ": " + e.getMessage(), e);
        }
    }

    /** The host a client should connect to. */
    public String host() {
        return backend.host();
    }

    /** The port a client should connect to. */
    public int port() {
        String listen = proxy.getListen();
        return backend.hostPortFor(Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1)));
    }

    /** The port of the program behind this path. */
    public int serverPort() {
        return serverPort;
    }

    /** The raw toxiproxy-java proxy, for anything the helpers do not cover. */
    public Proxy proxy() {
        return proxy;
    }

    public ToxiproxyBackend backend() {
        return backend;
    }

    /** Delays server-to-client data by latency ± jitter. */
    public TcpPath latency(Duration latency, Duration jitter) {
        return latency(ToxicDirection.DOWNSTREAM, latency, jitter);
    }

    /** Delays client-to-server data by latency ± jitter. */
    public TcpPath latencyUpstream(Duration latency, Duration jitter) {
        return latency(ToxicDirection.UPSTREAM, latency, jitter);
    }

    private TcpPath latency(ToxicDirection direction, Duration latency, Duration jitter) {
        return apply(
                "latency",
                direction,
                () -> proxy.toxics()
                        .latency(toxicName("latency", direction), direction, latency.toMillis())
                        .setJitter(jitter.toMillis()));
    }

    /** Limits server-to-client throughput to kbPerSecond (1 KB = 1000 bytes, as in Toxiproxy). */
    public TcpPath bandwidth(long kbPerSecond) {
        return apply(
                "bandwidth",
                ToxicDirection.DOWNSTREAM,
                () -> proxy.toxics()
                        .bandwidth(
                                toxicName("bandwidth", ToxicDirection.DOWNSTREAM),
                                ToxicDirection.DOWNSTREAM,
                                kbPerSecond));
    }

    /** Cuts client-to-server data into pieces of averageSize ± sizeVariation bytes, delay apart. */
    public TcpPath slicer(int averageSize, int sizeVariation, Duration delay) {
        ToxicDirection up = ToxicDirection.UPSTREAM;
        return apply(
                "slicer",
                up,
                () -> proxy.toxics()
                        .slicer(toxicName("slicer", up), up, averageSize, delay.toNanos() / 1_000)
                        .setSizeVariation(sizeVariation));
    }

    /** Stops server-to-client data; closes the connection after the timeout (zero: holds it forever). */
    public TcpPath timeout(Duration timeout) {
        ToxicDirection down = ToxicDirection.DOWNSTREAM;
        return apply(
                "timeout", down, () -> proxy.toxics().timeout(toxicName("timeout", down), down, timeout.toMillis()));
    }

    /** On server-to-client data, waits the timeout, then resets the connection (RST). */
    public TcpPath resetPeer(Duration timeout) {
        ToxicDirection down = ToxicDirection.DOWNSTREAM;
        return apply(
                "reset_peer",
                down,
                () -> proxy.toxics().resetPeer(toxicName("reset_peer", down), down, timeout.toMillis()));
    }

    /** Holds the close of the server-to-client direction for delay. */
    public TcpPath slowClose(Duration delay) {
        ToxicDirection down = ToxicDirection.DOWNSTREAM;
        return apply(
                "slow_close",
                down,
                () -> proxy.toxics().slowClose(toxicName("slow_close", down), down, delay.toMillis()));
    }

    /** Lets only the first bytes of server-to-client data through, then closes the connection. */
    public TcpPath limitData(long bytes) {
        ToxicDirection down = ToxicDirection.DOWNSTREAM;
        return apply("limit_data", down, () -> proxy.toxics().limitData(toxicName("limit_data", down), down, bytes));
    }

    /** Disables the proxy: live connections are closed and new ones refused. */
    public TcpPath down() {
        return call(() -> proxy.disable());
    }

    /** Enables the proxy again. */
    public TcpPath up() {
        return call(() -> proxy.enable());
    }

    /** Removes every toxic. */
    public TcpPath removeAll() {
        return call(() -> {
            for (Toxic toxic : proxy.toxics().getAll()) {
                toxic.remove();
            }
        });
    }

    /**
     * One line for student feedback, e.g.
     * "Toxiproxy (embedded engine): latency 200 ms ± 20 ms downstream; slicer 4±2 bytes every 100 µs upstream".
     */
    public String describe() {
        try {
            List<String> parts = new ArrayList<>();
            Proxy current = backend.client().getProxy(proxy.getName());
            if (!current.isEnabled()) {
                parts.add("down (connections refused)");
            }
            // Downstream first (what the client receives), then upstream; each direction in chain order.
            List<? extends Toxic> toxics = current.toxics().getAll();
            for (ToxicDirection direction : List.of(ToxicDirection.DOWNSTREAM, ToxicDirection.UPSTREAM)) {
                for (Toxic toxic : toxics) {
                    if (toxic.getStream() == direction) {
                        parts.add(ToxicDescriptions.describe(toxic, backend.deliversResets()));
                    }
                }
            }
            String body = parts.isEmpty() ? "no impairment" : String.join("; ", parts);
            return "Toxiproxy (" + backend.label() + "): " + body;
        } catch (IOException e) {
            return "Toxiproxy (" + backend.label() + "): state unavailable (" + e.getMessage() + ")";
        }
    }

    /** Deletes the proxy (closing its connections). */
    @Override
    public void close() {
        try {
            proxy.delete();
        } catch (IOException alreadyGone) {
            // deleted elsewhere (reset of a shared server, or the server stopped): nothing left to close
        }
    }

    /** Cheap (no API call), unlike {@link #describe()}. */
    @Override
    public String toString() {
        return "TcpPath[" + proxy.getName() + ": " + host() + ":" + port() + " -> port " + serverPort + "]";
    }

    private String toxicName(String type, ToxicDirection direction) {
        return type + "_" + direction.name().toLowerCase(Locale.ROOT);
    }

    private TcpPath apply(String type, ToxicDirection direction, IoAction add) {
        return call(() -> {
            String name = toxicName(type, direction);
            for (Toxic toxic : proxy.toxics().getAll()) {
                if (toxic.getName().equals(name)) {
                    toxic.remove();
                }
            }
            add.run();
        });
    }

    /** Applies a change, and names the impairment now in force in the current graded test's feedback. */
    private TcpPath call(IoAction action) {
        try {
            action.run();
            Trace.current().impairment(describe());
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Toxiproxy (" + backend.label() + ") refused a change to " + proxy.getName() + ": "
                            + e.getMessage(),
                    e);
        }
    }

    @FunctionalInterface
    private interface IoAction {
        void run() throws IOException;
    }
}
