package socketlab.grader.toxiproxy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.testcontainers.DockerClientFactory;
import socketlab.grader.toxiproxy.embedded.EmbeddedToxiproxy;

/**
 * Chooses the Toxiproxy the grader uses:
 * <ol>
 *   <li>{@code TOXIPROXY_URL} (or system property {@code socketlab.toxiproxy.url}) set: that server;</li>
 *   <li>Docker found, and Toxiproxy 2.12.0 proves it starts there within {@value #DEFAULT_DOCKER_START_SECONDS} s
 *       ({@code socketlab.toxiproxy.dockerStartSeconds}): Toxiproxy 2.12.0 in Testcontainers;</li>
 *   <li>otherwise: the embedded engine, with a one-line note when Docker was found but could not run it.</li>
 * </ol>
 * System property {@code socketlab.toxiproxy.backend=embedded|docker|external} forces one; a forced Docker that
 * cannot start Toxiproxy fails at once, saying why. Docker is probed once per JVM; a grading run decides with
 * {@link #choice()} and hands the decision to its grading JVMs ({@link Choice#workerProperties}). {@link #select()}
 * is the JVM-wide backend, closed at exit; {@link #create()} makes an independent one.
 */
public final class ToxiproxyBackends {
    public static final String URL_ENV = "TOXIPROXY_URL";
    public static final String URL_PROPERTY = "socketlab.toxiproxy.url";
    public static final String BACKEND_PROPERTY = "socketlab.toxiproxy.backend";
    /** Why the embedded engine runs although Docker was found (handed to grading JVMs with the choice). */
    public static final String NOTE_PROPERTY = "socketlab.toxiproxy.note";

    public static final String DOCKER_START_PROPERTY = "socketlab.toxiproxy.dockerStartSeconds";
    static final int DEFAULT_DOCKER_START_SECONDS = 10;

    /** This JVM's Docker probe: "" once Toxiproxy started there, else why it did not (null: not probed yet). */
    private static String dockerProbe;

    private static Choice lastChoice;
    private static ToxiproxyBackend shared;

    private ToxiproxyBackends() {}

    /** Which backend a grading run uses, and the one-line note that explains a fallback (null when none is due). */
    public record Choice(String backend, String note) {
        /** The system properties that make a grading JVM use this choice without deciding again. */
        public Map<String, String> workerProperties(Path dockerSessions) {
            Map<String, String> properties = new LinkedHashMap<>();
            properties.put(BACKEND_PROPERTY, backend);
            if (note != null) {
                properties.put(NOTE_PROPERTY, note);
            }
            if (backend.equals("docker") && dockerSessions != null) {
                properties.put(DockerToxiproxy.SESSIONS_PROPERTY, dockerSessions.toString());
            }
            return properties;
        }
    }

    /**
     * The backend this JVM uses. Docker proves it can run Toxiproxy by starting it, once per JVM.
     *
     * @throws IllegalStateException if the forced backend cannot be had (the message says why and what to do)
     */
    public static synchronized Choice choice() {
        lastChoice = decide();
        return lastChoice;
    }

    private static Choice decide() {
        String forced = System.getProperty(BACKEND_PROPERTY, "").trim().toLowerCase(Locale.ROOT);
        switch (forced) {
            case "embedded":
                return new Choice("embedded", System.getProperty(NOTE_PROPERTY));
            case "external":
                if (configuredUrl() == null) {
                    throw new IllegalStateException(BACKEND_PROPERTY + "=external needs " + URL_ENV + " or -D"
                            + URL_PROPERTY + " (e.g. http://127.0.0.1:8474)");
                }
                return new Choice("external", null);
            case "docker": {
                String failure = dockerFailure();
                if (failure != null) {
                    throw new IllegalStateException(BACKEND_PROPERTY + "=docker, but " + failure
                            + ". Pull the images, fix Docker, or leave the backend to the grader's choice.");
                }
                return new Choice("docker", null);
            }
            case "":
                break;
            default:
                throw new IllegalStateException(
                        BACKEND_PROPERTY + " must be embedded, docker or external, not '" + forced + "'");
        }
        if (configuredUrl() != null) {
            return new Choice("external", null);
        }
        if (!dockerEndpointHinted()) {
            return new Choice("embedded", null);
        }
        String failure = dockerFailure();
        if (failure == null) {
            return new Choice("docker", null);
        }
        return new Choice(
                "embedded",
                "Docker was found, but " + failure + "; the embedded engine stood in for it" + " (README, Impairment)");
    }

    /** Null if Toxiproxy 2.12.0 starts in Docker within the limit (it is stopped again), else why not. */
    private static String dockerFailure() {
        if (dockerProbe == null) {
            try {
                new ContainerBackend(DockerToxiproxy.start(dockerStartLimit())).close();
                dockerProbe = "";
            } catch (IllegalStateException e) {
                dockerProbe = e.getMessage();
            }
        }
        return dockerProbe.isEmpty() ? null : dockerProbe;
    }

    static Duration dockerStartLimit() {
        return Duration.ofSeconds(Long.getLong(DOCKER_START_PROPERTY, DEFAULT_DOCKER_START_SECONDS));
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

    /**
     * Closes the JVM-wide backend now, if there is one, waiting at most a few seconds: for a JVM about to halt,
     * which skips shutdown hooks.
     */
    public static void closeSelected() {
        ToxiproxyBackend backend;
        synchronized (ToxiproxyBackends.class) {
            backend = shared;
            shared = null;
        }
        if (backend != null) {
            Thread closer = new Thread(backend::close, "toxiproxy-backend-close");
            closer.setDaemon(true);
            closer.start();
            try {
                closer.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A new backend of this JVM's choice; the caller closes it. */
    public static ToxiproxyBackend create() {
        Choice chosen = choice();
        return switch (chosen.backend()) {
            case "external" -> external(configuredUrl());
            case "docker" -> container();
            default -> embedded();
        };
    }

    /**
     * After a grading run: removes every container that the run's JVMs (listed in {@code dockerSessions}) and this
     * one started and left behind. Does nothing unless this JVM chose Docker.
     */
    public static void removeDockerLeftovers(Path dockerSessions) {
        boolean usedDocker;
        synchronized (ToxiproxyBackends.class) {
            usedDocker = dockerProbe != null;
        }
        if (usedDocker) {
            DockerToxiproxy.removeContainers(dockerSessions, shared == null, Duration.ofSeconds(20));
        }
    }

    /** Why the embedded engine stands in for Docker in this JVM, or null. */
    static String fallbackNote() {
        String note = System.getProperty(NOTE_PROPERTY);
        if (note != null && !note.isBlank()) {
            return note;
        }
        synchronized (ToxiproxyBackends.class) {
            return lastChoice == null ? null : lastChoice.note();
        }
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

    /** Starts Toxiproxy 2.12.0 in a container, or fails within the Docker start limit saying why. */
    public static ToxiproxyBackend container() {
        try {
            return new ContainerBackend(DockerToxiproxy.start(dockerStartLimit()));
        } catch (IllegalStateException e) {
            throw new IllegalStateException("Toxiproxy in Docker: " + e.getMessage(), e);
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
        if (System.getenv("DOCKER_HOST") != null || System.getProperty("DOCKER_HOST") != null) {
            return true;
        }
        String home = System.getProperty("user.home", "");
        return Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(Path.of(home, ".docker", "run", "docker.sock"))
                || Files.exists(Path.of(home, ".testcontainers.properties"))
                || System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("windows");
    }
}
