package socketlab.grader.toxiproxy;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import java.io.Closeable;
import java.io.IOException;
import java.util.OptionalLong;

/**
 * A Toxiproxy server the grader can drive through toxiproxy-java: an external server, one in Testcontainers,
 * or the embedded engine. It also knows the network geometry: how a proxy reaches a program listening on this
 * host, and how programs on this host reach a proxy.
 */
public interface ToxiproxyBackend extends Closeable {

    /** For reports, e.g. "embedded Toxiproxy-compatible engine" or "Toxiproxy at http://127.0.0.1:8474". */
    String name();

    /** Short form for one-line feedback, e.g. "embedded engine". */
    String label();

    /** The server's API base URL, e.g. "http://127.0.0.1:8474". */
    String apiUrl();

    /** A client for this server's HTTP API. */
    ToxiproxyClient client();

    /** The "upstream" a proxy needs to reach a program listening on this host's 127.0.0.1:hostPort. */
    String upstreamFor(int hostPort);

    /**
     * Creates a proxy named name in front of a program listening on this host's 127.0.0.1:hostPort, listening
     * where this backend's programs can reach it (127.0.0.1 at a free port, or a pre-exposed container port).
     */
    Proxy createProxy(String name, int hostPort) throws IOException;

    /** The host that programs on this machine connect to in order to reach a proxy. */
    String host();

    /** The port on {@link #host()} that reaches a proxy listening on listenPort (differs only for containers). */
    int hostPortFor(int listenPort);

    /**
     * Whether a reset_peer toxic's RST reaches the client as a reset. Docker's userland port proxy, between the
     * client and a container's port, passes it on as a FIN: the client sees the connection end instead.
     */
    default boolean deliversResets() {
        return true;
    }

    /**
     * CPU time the proxies' threads have used so far, in nanoseconds, where this JVM can see it (the embedded
     * engine); empty for a server in another process. Threads of ended connections no longer count.
     */
    default OptionalLong proxyCpuNanos() {
        return OptionalLong.empty();
    }

    /** Releases the server if this backend owns it (stops the engine or container). Never throws. */
    @Override
    void close();
}
