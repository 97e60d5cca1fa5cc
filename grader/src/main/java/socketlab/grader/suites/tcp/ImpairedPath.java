package socketlab.grader.suites.tcp;

import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import socketlab.grader.core.Trace;
import socketlab.grader.toxiproxy.TcpPath;
import socketlab.grader.toxiproxy.ToxiproxyBackend;
import socketlab.grader.toxiproxy.ToxiproxyBackends;

/**
 * A Toxiproxy path in front of a program, for lab-tcp's impaired tests. With the embedded engine each test
 * gets its own engine seeded with the test's seed (so slicer cuts and jitter replay with {@code --seed});
 * with Docker or an external Toxiproxy it uses the JVM-wide one. TcpPath writes every change into the test's
 * trace, so the student's feedback names the toxics that were active (the downstream slicer, which TcpPath has
 * no helper for, is noted here).
 */
final class ImpairedPath implements Closeable {

    private final TcpPath path;
    private final ToxiproxyBackend owned;
    private TcpTap tap;

    private ImpairedPath(TcpPath path, ToxiproxyBackend owned) {
        this.path = path;
        this.owned = owned;
    }

    /**
     * A path to the program listening on 127.0.0.1:{@code serverPort} whose proxy-to-program side is drawn in the
     * test's sequence diagram and capture too (through a {@link TcpTap}): for tests whose client is the grader's.
     */
    static ImpairedPath observedTo(int serverPort) throws IOException {
        TcpTap tap = TcpTap.to(serverPort);
        try {
            ImpairedPath path = to(tap.port());
            path.tap = tap;
            return path;
        } catch (RuntimeException e) {
            tap.close();
            throw e;
        }
    }

    /** A path to the program listening on 127.0.0.1:{@code serverPort}, with no toxic yet. */
    static ImpairedPath to(int serverPort) {
        ToxiproxyBackend shared = ToxiproxyBackends.select();
        if (!shared.label().startsWith("embedded")) {
            return new ImpairedPath(TcpPath.to(shared, serverPort), null);
        }
        ToxiproxyBackend seeded = ToxiproxyBackends.embedded(Trace.current().seed());
        try {
            return new ImpairedPath(TcpPath.to(seeded, serverPort), seeded);
        } catch (RuntimeException e) {
            seeded.close();
            throw e;
        }
    }

    String host() {
        return path.host();
    }

    int port() {
        return path.port();
    }

    TcpPath path() {
        return path;
    }

    /** Latency on both directions: each byte takes {@code each} ± {@code jitter} to cross, either way. */
    ImpairedPath latencyBothWays(Duration each, Duration jitter) {
        try {
            // Both toxics first, then one line in the feedback (TcpPath's helpers would note each step).
            for (ToxicDirection direction : ToxicDirection.values()) {
                path.proxy()
                        .toxics()
                        .latency(
                                "latency_" + direction.name().toLowerCase(java.util.Locale.ROOT),
                                direction,
                                each.toMillis())
                        .setJitter(jitter.toMillis());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Toxiproxy refused a latency toxic: " + e.getMessage(), e);
        }
        return noted();
    }

    /** Client-to-server bytes arrive a few at a time: about {@code size} ± {@code variation}, {@code delay} apart. */
    ImpairedPath slicerUpstream(int size, int variation, Duration delay) {
        path.slicer(size, variation, delay);
        return this;
    }

    /** Server-to-client bytes arrive a few at a time. */
    ImpairedPath slicerDownstream(int size, int variation, Duration delay) {
        try {
            path.proxy()
                    .toxics()
                    .slicer("slicer_downstream", ToxicDirection.DOWNSTREAM, size, delay.toNanos() / 1_000)
                    .setSizeVariation(variation);
        } catch (IOException e) {
            throw new UncheckedIOException("Toxiproxy refused a slicer toxic: " + e.getMessage(), e);
        }
        return noted();
    }

    /** The server's replies stop coming; the connection stays open (Toxiproxy's timeout toxic, timeout 0). */
    ImpairedPath repliesStop() {
        path.timeout(Duration.ZERO);
        return this;
    }

    /** The connection is reset (RST) as soon as the server replies. */
    ImpairedPath resetOnReply() {
        path.resetPeer(Duration.ZERO);
        return this;
    }

    ImpairedPath down() {
        path.down();
        return this;
    }

    ImpairedPath up() {
        path.up();
        return this;
    }

    /** Removes every toxic: the network is back to normal. */
    ImpairedPath healed() {
        path.removeAll();
        return this;
    }

    String describe() {
        return path.describe();
    }

    private ImpairedPath noted() {
        Trace.current().impairment(path.describe());
        return this;
    }

    @Override
    public void close() {
        path.close();
        if (tap != null) {
            tap.close();
        }
        if (owned != null) {
            owned.close();
        }
    }
}
