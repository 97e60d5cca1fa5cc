package socketlab.grader.toxiproxy;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import java.io.IOException;
import java.net.URI;

/**
 * A Toxiproxy server someone else runs (TOXIPROXY_URL), assumed to share this host's loopback: proxies listen
 * on 127.0.0.1 at a free port and reach programs at 127.0.0.1. For a server elsewhere, set the system properties
 * socketlab.toxiproxy.listenHost and socketlab.toxiproxy.upstreamHost.
 */
final class ExternalBackend implements ToxiproxyBackend {
    private final URI url;
    private final ToxiproxyClient client;
    private final String listenHost;
    private final String upstreamHost;

    ExternalBackend(String url) {
        this.url = parse(url);
        int port = this.url.getPort() > 0 ? this.url.getPort() : 8474;
        String scheme = this.url.getScheme() == null ? "http" : this.url.getScheme();
        this.client = new ToxiproxyClient(scheme, this.url.getHost(), port);
        this.listenHost = System.getProperty("socketlab.toxiproxy.listenHost", "127.0.0.1");
        this.upstreamHost = System.getProperty("socketlab.toxiproxy.upstreamHost", "127.0.0.1");
    }

    private static URI parse(String url) {
        URI uri = URI.create(url.contains("://") ? url : "http://" + url);
        if (uri.getHost() == null) {
            throw new IllegalArgumentException(
                    "not a Toxiproxy URL: " + url + " (expected e.g. http://127.0.0.1:8474)");
        }
        return uri;
    }

    @Override
    public String name() {
        return "Toxiproxy at " + url;
    }

    @Override
    public String label() {
        return "at " + url;
    }

    @Override
    public String apiUrl() {
        return url.toString();
    }

    @Override
    public ToxiproxyClient client() {
        return client;
    }

    @Override
    public String upstreamFor(int hostPort) {
        return upstreamHost + ":" + hostPort;
    }

    @Override
    public Proxy createProxy(String name, int hostPort) throws IOException {
        return client.createProxy(name, listenHost + ":0", upstreamFor(hostPort));
    }

    @Override
    public String host() {
        return url.getHost();
    }

    @Override
    public int hostPortFor(int listenPort) {
        return listenPort;
    }

    @Override
    public void close() {
        // Not ours to stop.
    }
}
