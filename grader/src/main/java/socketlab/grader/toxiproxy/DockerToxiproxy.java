package socketlab.grader.toxiproxy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.toxiproxy.ToxiproxyContainer;

/**
 * Toxiproxy 2.12.0 in Docker, started within a time limit or not at all: Docker must answer, the images must be on
 * the Docker host or pulled at the first try (Testcontainers alone retries a failing pull for two minutes), and the
 * container must come up, all within the limit; otherwise a one-line reason. A container that comes up after its
 * caller gave up is stopped at once. Every JVM that starts one writes its Testcontainers session id to the file
 * named by {@value #SESSIONS_PROPERTY}, so that the grading run can remove what its JVMs left behind: a worker that is
 * halted skips its stop hooks, and Ryuk (which would reap them) may be disabled.
 */
final class DockerToxiproxy {
    static final String IMAGE = "ghcr.io/shopify/toxiproxy:2.12.0";
    /** Testcontainers' port forwarder, which lets the container reach programs on this host. */
    static final String SSHD_IMAGE = "testcontainers/sshd:1.3.0";

    static final String RYUK_IMAGE = "testcontainers/ryuk:0.14.0";
    static final String SESSIONS_PROPERTY = "socketlab.toxiproxy.dockerSessions";
    private static final String SESSION_LABEL = "org.testcontainers.sessionId";

    private DockerToxiproxy() {}

    /** Starts the container (with access to this host), or throws an IllegalStateException saying why not. */
    static ToxiproxyContainer start(Duration limit) {
        Object lock = new Object();
        boolean[] abandoned = {false};
        CompletableFuture<ToxiproxyContainer> started = new CompletableFuture<>();
        Thread starter = new Thread(
                () -> {
                    try {
                        DockerClient docker = DockerClientFactory.instance().client();
                        ensureImage(docker, IMAGE);
                        ensureImage(docker, SSHD_IMAGE);
                        ToxiproxyContainer container = new ToxiproxyContainer(IMAGE).withAccessToHost(true);
                        container.start();
                        recordSession();
                        synchronized (lock) {
                            if (abandoned[0]) {
                                container.stop();
                            } else {
                                started.complete(container);
                            }
                        }
                    } catch (Throwable e) {
                        started.completeExceptionally(e);
                    }
                },
                "toxiproxy-docker-start");
        starter.setDaemon(true);
        starter.start();
        try {
            return started.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            synchronized (lock) {
                abandoned[0] = true;
                if (started.isDone() && !started.isCompletedExceptionally()) {
                    return started.join();
                }
            }
            starter.interrupt();
            throw new IllegalStateException(IMAGE + " did not start in Docker within " + limit.toSeconds() + " s"
                    + " (images that cannot be pulled? It needs " + IMAGE + ", " + SSHD_IMAGE + " and, unless"
                    + " TESTCONTAINERS_RYUK_DISABLED=true, " + RYUK_IMAGE + ")");
        } catch (ExecutionException e) {
            throw new IllegalStateException(reason(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            starter.interrupt();
            throw new IllegalStateException("interrupted while starting " + IMAGE + " in Docker");
        }
    }

    /** The image, from the Docker host or pulled once; a pull that fails is the reason Docker cannot be used. */
    private static void ensureImage(DockerClient docker, String image) throws InterruptedException {
        try {
            docker.inspectImageCmd(image).exec();
            return;
        } catch (NotFoundException notHere) {
            // pull it below
        }
        int colon = image.lastIndexOf(':');
        try {
            docker.pullImageCmd(image.substring(0, colon))
                    .withTag(image.substring(colon + 1))
                    .start()
                    .awaitCompletion();
        } catch (RuntimeException e) {
            throw new ImageUnavailable(image + " is not on the Docker host and could not be pulled ("
                    + dockerMessage(e.getMessage()) + ")");
        }
    }

    /** Writes this JVM's Testcontainers session id where the grading run will look for it. */
    private static void recordSession() {
        String file = System.getProperty(SESSIONS_PROPERTY);
        if (file == null || file.isBlank()) {
            return;
        }
        try {
            Files.writeString(
                    Path.of(file),
                    DockerClientFactory.SESSION_ID + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            // the run's own session is cleaned up anyway; Ryuk, if enabled, reaps the rest
        }
    }

    /**
     * Removes every container of the sessions listed in {@code sessionsFile} and of this JVM's own session (if it
     * used Docker), waiting at most {@code limit}. Best effort: never throws.
     */
    static void removeContainers(Path sessionsFile, boolean includeOwnSession, Duration limit) {
        Thread remover = new Thread(
                () -> {
                    try {
                        List<String> sessions = new java.util.ArrayList<>();
                        if (sessionsFile != null && Files.isReadable(sessionsFile)) {
                            Files.readAllLines(sessionsFile).stream()
                                    .map(String::strip)
                                    .filter(s -> !s.isEmpty())
                                    .forEach(sessions::add);
                        }
                        if (includeOwnSession) {
                            sessions.add(DockerClientFactory.SESSION_ID);
                        }
                        if (sessions.isEmpty()) {
                            return;
                        }
                        DockerClient docker = DockerClientFactory.instance().client();
                        for (String session : sessions.stream().distinct().toList()) {
                            List<Container> left = docker.listContainersCmd()
                                    .withShowAll(true)
                                    .withLabelFilter(Map.of(SESSION_LABEL, session))
                                    .exec();
                            for (Container container : left) {
                                docker.removeContainerCmd(container.getId())
                                        .withForce(true)
                                        .withRemoveVolumes(true)
                                        .exec();
                            }
                        }
                    } catch (Exception | Error e) {
                        // Docker went away meanwhile: nothing more can be done from here
                    }
                },
                "toxiproxy-docker-cleanup");
        remover.setDaemon(true);
        remover.start();
        try {
            remover.join(limit.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The innermost cause's first line: what went wrong, without Testcontainers' advice or a stack trace. */
    static String reason(Throwable e) {
        if (e instanceof ImageUnavailable) {
            return e.getMessage();
        }
        String message = e.getMessage();
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
                message = cause.getMessage();
            }
        }
        return message == null ? e.getClass().getSimpleName() : dockerMessage(message);
    }

    /** An image neither on the Docker host nor pullable: the reason, worded for people. */
    private static final class ImageUnavailable extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        ImageUnavailable(String message) {
            super(message, null);
        }
    }

    /** docker-java says {@code Status 500: {"message":"..."}}; the message is what Docker said. */
    private static String dockerMessage(String text) {
        String line = firstLine(text);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Status \\d+: \\{\"message\":\"(.*)\"\\}\\s*$")
                .matcher(line);
        return m.find() ? m.group(1).replace("\\\"", "\"") : line;
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        String line = text.strip().lines().findFirst().orElse("");
        return line.length() <= 240 ? line : line.substring(0, 239) + "…";
    }
}
