package socketlab.grader.toxiproxy;

import org.testcontainers.DockerClientFactory;
import socketlab.grader.toxiproxy.embedded.EmbeddedToxiproxy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Chooses the Toxiproxy the grader uses:
 * <ol>
 *   <li>{@code TOXIPROXY_URL} (or system property {@code socketlab.toxiproxy.url}) set: that server;</li>
 *   <li>Docker available: Toxiproxy 2.12.0 in Testcontainers;</li>
 *   <li>otherwise: the embedded engine.</li>
 * </ol>
 * System property {@code socketlab.toxiproxy.backend=embedded|docker|external} forces one.
 * {@link #select()} chooses once per JVM and closes its choice at exit; {@link #create()} makes an independent one.
 */
public final class ToxiproxyBackends {
    public static final String URL_ENV = "TOXIPROXY_URL";
    public static final String URL_PROPERTY = "socketlab.toxiproxy.url";
    public static final String BACKEND_PROPERTY = "socketlab.toxiproxy.backend";

    private static ToxiproxyBackend shared;

    private ToxiproxyBackends() {
    }

    /** The JVM-wide backend, chosen and started on first use and closed by a shutdown hook. */
    public static synchronized ToxiproxyBackend select() {
        if (shared == null) {
            ToxiproxyBackend chosen = create();
            Runtime.getRuntime().addShutdownHook(new Thread(chosen::close, "toxiproxy-backend-shutdown"));
            shared = chosen;
        }
        return shared;
    }

    /** A new backend chosen by the same rules; the caller closes it. */
    public static ToxiproxyBackend create() {
        String forced = System.getProperty(BACKEND_PROPERTY, "").trim().toLowerCase(Locale.ROOT);
        switch (forced) {
            case "embedded":
                return embedded();
            case "docker":
                return container();
            case "external": {
                String url = configuredUrl();
                if (url == null) {
                    throw new IllegalStateException(BACKEND_PROPERTY + "=external needs " + URL_ENV + " or -D"
                            + URL_PROPERTY + " (e.g. http://127.0.0.1:8474)");
                }
                return external(url);
            }
            case "":
                break;
            default:
                throw new IllegalStateException(BACKEND_PROPERTY + " must be embedded, docker or external, not '"
                        + forced + "'");
        }
        String url = configuredUrl();
        if (url != null) {
            return external(url);
        }
        if (dockerAvailable()) {
            return container();
        }
        return embedded();
    }

    /** A new embedded engine on 127.0.0.1 at a free port. */
    public static ToxiproxyBackend embedded() {
        return new EmbeddedBackend(EmbeddedToxiproxy.start());
    }

    /** A new embedded engine whose randomness replays for the given seed. */
    public static ToxiproxyBackend embedded(long seed) {
        return new EmbeddedBackend(EmbeddedToxiproxy.builder().seed(seed).start());
    }

    /** A server someone else runs, e.g. {@code http://127.0.0.1:8474}. */
    public static ToxiproxyBackend external(String url) {
        return new ExternalBackend(url);
    }

    /** Starts Toxiproxy 2.12.0 in a container (needs Docker). */
    public static ToxiproxyBackend container() {
        try {
            return new ContainerBackend();
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot start " + ContainerBackend.IMAGE + " in Testcontainers (is Docker "
                    + "running?): " + e.getMessage(), e);
        }
    }

    /** TOXIPROXY_URL or socketlab.toxiproxy.url, whichever is set (the property wins); null if neither. */
    public static String configuredUrl() {
        String property = System.getProperty(URL_PROPERTY);
        if (property != null && !property.isBlank()) {
            return property.trim();
        }
        String env = System.getenv(URL_ENV);
        return env == null || env.isBlank() ? null : env.trim();
    }

    /**
     * Whether Docker can run containers. Asks Testcontainers only when a Docker endpoint plausibly exists, so
     * machines without Docker get a quick, quiet "no".
     */
    public static boolean dockerAvailable() {
        if (!dockerEndpointHinted()) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable unavailable) {
            return false;
        }
    }

    private static boolean dockerEndpointHinted() {
        if (System.getenv("DOCKER_HOST") != null) {
            return true;
        }
        String home = System.getProperty("user.home", "");
        return Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(Path.of(home, ".docker", "run", "docker.sock"))
                || Files.exists(Path.of(home, ".testcontainers.properties"))
                || System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("windows");
    }
}
