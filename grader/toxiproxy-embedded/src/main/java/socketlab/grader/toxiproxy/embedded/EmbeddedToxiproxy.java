package socketlab.grader.toxiproxy.embedded;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * An in-JVM server speaking Toxiproxy 2.12's HTTP API, so toxiproxy-java, toxiproxy-cli or curl can drive it.
 * The API and every proxy listen on loopback only. All threads are daemon threads named "toxiproxy-embedded-...".
 *
 * <pre>{@code
 * try (EmbeddedToxiproxy toxiproxy = EmbeddedToxiproxy.start()) {
 *     ToxiproxyClient client = new ToxiproxyClient("127.0.0.1", toxiproxy.port());
 * }
 * }</pre>
 */
public final class EmbeddedToxiproxy implements Closeable {
    private final ApiHttpServer http;
    private final ScheduledThreadPoolExecutor timer;
    private final ProxyRegistry registry;
    private final RandomSource random;
    private final String host;

    private EmbeddedToxiproxy(
            ApiHttpServer http,
            ScheduledThreadPoolExecutor timer,
            ProxyRegistry registry,
            RandomSource random,
            String host) {
        this.http = http;
        this.timer = timer;
        this.registry = registry;
        this.random = random;
        this.host = host;
    }

    /** Starts the API on 127.0.0.1 at a free port, with a random seed. */
    public static EmbeddedToxiproxy start() {
        return builder().start();
    }

    /** Starts the API on the given loopback host and port (0 = any free port). */
    public static EmbeddedToxiproxy start(String host, int port) {
        return builder().host(host).port(port).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The API's base URL, e.g. {@code http://127.0.0.1:41234}. */
    public String url() {
        return "http://" + host + ":" + port();
    }

    public String host() {
        return host;
    }

    public int port() {
        return http.port();
    }

    /** The seed of this engine's randomness (toxicity rolls, jitter, slicer cuts); pass it to a builder to replay. */
    public long seed() {
        return random.seed();
    }

    /** Whether a thread is one of an embedded engine's (all are named "toxiproxy-embedded-..."). */
    public static boolean isEngineThread(Thread thread) {
        return thread.getName().startsWith(EngineThreads.PREFIX);
    }

    /** Stops the API, every proxy and connection, and the engine's threads. Idempotent. */
    @Override
    public void close() {
        http.close();
        registry.closeAll();
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Options for an engine: API host (loopback only), API port, and the random seed. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private Long seed;

        private Builder() {}

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Starts the engine.
         *
         * @throws IllegalArgumentException if the host is not a loopback address
         * @throws UncheckedIOException if the port cannot be bound
         */
        public EmbeddedToxiproxy start() {
            InetAddress address = loopback(host);
            RandomSource random = new RandomSource(seed != null ? seed : System.nanoTime());
            ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, EngineThreads.factory("timer"));
            timer.setRemoveOnCancelPolicy(true);
            ProxyRegistry registry = new ProxyRegistry(timer, random);
            ApiHttpServer http;
            try {
                http = ApiHttpServer.start(
                        new InetSocketAddress(address, port),
                        new ApiRoutes(registry),
                        ApiHttpServer.Timeouts.TOXIPROXY);
            } catch (IOException e) {
                timer.shutdownNow();
                throw new UncheckedIOException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
            }
            return new EmbeddedToxiproxy(http, timer, registry, random, address.getHostAddress());
        }

        private static InetAddress loopback(String host) {
            try {
                InetAddress address = InetAddress.getByName(host);
                if (!address.isLoopbackAddress()) {
                    throw new IllegalArgumentException(
                            "the embedded Toxiproxy listens on loopback only, not on " + host + " (use 127.0.0.1)");
                }
                return address;
            } catch (IOException e) {
                throw new IllegalArgumentException("unknown host " + host, e);
            }
        }
    }
}
