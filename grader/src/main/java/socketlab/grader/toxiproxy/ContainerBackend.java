package socketlab.grader.toxiproxy;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import org.testcontainers.Testcontainers;
import org.testcontainers.toxiproxy.ToxiproxyContainer;

/**
 * Real Toxiproxy 2.12.0 in a container. The container pre-exposes ports 8666-8697, so proxies listen on one of
 * those (found free by asking the server) and programs reach it through its mapped port; proxies reach programs
 * on this host through host.testcontainers.internal.
 */
final class ContainerBackend implements ToxiproxyBackend {
    static final int FIRST_PROXY_PORT = 8666;
    static final int LAST_PROXY_PORT = 8697;

    private final ToxiproxyContainer container;
    private final ToxiproxyClient client;

    /** Wraps a started container (see {@link DockerToxiproxy#start}). */
    ContainerBackend(ToxiproxyContainer started) {
        this.container = started;
        this.client = new ToxiproxyClient(container.getHost(), container.getControlPort());
    }

    @Override
    public String name() {
        return "Toxiproxy 2.12.0 in Testcontainers";
    }

    @Override
    public String label() {
        return "2.12.0 in Testcontainers";
    }

    @Override
    public String apiUrl() {
        return "http://" + container.getHost() + ":" + container.getControlPort();
    }

    @Override
    public ToxiproxyClient client() {
        return client;
    }

    @Override
    public String upstreamFor(int hostPort) {
        Testcontainers.exposeHostPorts(hostPort);
        return "host.testcontainers.internal:" + hostPort;
    }

    @Override
    public synchronized Proxy createProxy(String name, int hostPort) throws IOException {
        return client.createProxy(name, freeListenAddress(), upstreamFor(hostPort));
    }

    /** Synchronized with createProxy so that two paths never pick the same pre-exposed port. */
    private String freeListenAddress() throws IOException {
        Set<Integer> used = new HashSet<>();
        for (Proxy proxy : client.getProxies()) {
            String listen = proxy.getListen();
            used.add(Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1)));
        }
        for (int port = FIRST_PROXY_PORT; port <= LAST_PROXY_PORT; port++) {
            if (!used.contains(port)) {
                return "0.0.0.0:" + port;
            }
        }
        throw new IOException("all " + (LAST_PROXY_PORT - FIRST_PROXY_PORT + 1) + " pre-exposed Toxiproxy ports ("
                + FIRST_PROXY_PORT + "-" + LAST_PROXY_PORT + ") are in use");
    }

    @Override
    public String host() {
        return container.getHost();
    }

    @Override
    public int hostPortFor(int listenPort) {
        return container.getMappedPort(listenPort);
    }

    /** Clients reach the container through Docker's userland port proxy, which turns an RST into a FIN. */
    @Override
    public boolean deliversResets() {
        return false;
    }

    @Override
    public void close() {
        container.stop();
    }
}
