package socketlab.grader.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Docker that answers but cannot pull an image (an air-gapped lab, a registry down): the backend choice falls back
 * to the embedded engine within the Docker start limit, with a one-line note that says why, and a forced Docker
 * backend fails at once with a clear message. Each case runs in a JVM of its own, with DOCKER_HOST pointing at a
 * fake Docker endpoint (Testcontainers reads the environment once per JVM); the three JVMs run at once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DockerFallbackTest {
    private FakeDockerDaemon docker;

    @TempDir
    Path home;

    private CompletableFuture<Map<String, String>> fallback;
    private CompletableFuture<Map<String, String>> forced;
    private CompletableFuture<Map<String, String>> hanging;

    @BeforeAll
    void startDockerAndTheJvms() throws IOException {
        docker = new FakeDockerDaemon();
        // A thread each: the common pool of a 2-core machine has one worker, which would run them one after another.
        Executor threads = task -> {
            Thread thread = new Thread(task, "docker-fallback-jvm");
            thread.setDaemon(true);
            thread.start();
        };
        fallback = CompletableFuture.supplyAsync(() -> choose(true, 60), threads);
        forced = CompletableFuture.supplyAsync(
                () -> choose(true, 60, "-D" + ToxiproxyBackends.BACKEND_PROPERTY + "=docker"), threads);
        hanging = CompletableFuture.supplyAsync(() -> choose(false, 5), threads);
    }

    @AfterAll
    void stopDocker() {
        docker.close();
    }

    /**
     * Runs BackendChoiceMain in a fresh JVM, allowing Docker {@code startSeconds}; its printed key=value lines. A
     * failing pull fails in seconds whatever the limit, so those cases allow a generous one (the machine may be busy).
     */
    private Map<String, String> choose(boolean ryukDisabled, int startSeconds, String... properties) {
        try {
            return run(ryukDisabled, startSeconds, properties);
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }

    private Map<String, String> run(boolean ryukDisabled, int startSeconds, String... properties) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Duser.home=" + home,
                "-D" + ToxiproxyBackends.DOCKER_START_PROPERTY + "=" + startSeconds));
        command.addAll(List.of(properties));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), BackendChoiceMain.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("TESTCONTAINERS_") || name.equals(ToxiproxyBackends.URL_ENV));
        env.put("DOCKER_HOST", docker.dockerHost());
        if (ryukDisabled) {
            env.put("TESTCONTAINERS_RYUK_DISABLED", "true");
        }
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        System.out.println("DockerFallbackTest child JVM:\n" + output);
        Map<String, String> printed = new LinkedHashMap<>();
        output.lines()
                .filter(line -> line.matches("[a-z]+=.*"))
                .forEach(line ->
                        printed.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1)));
        assertThat(output).as("what the JVM printed (no stack trace)").doesNotContain("\tat ");
        return printed;
    }

    @Test
    void anImageThatCannotBePulledFallsBackToTheEmbeddedEngineWithANote() throws Exception {
        Map<String, String> chosen = fallback.get(90, TimeUnit.SECONDS);

        assertThat(chosen.get("backend")).isEqualTo("embedded");
        assertThat(chosen.get("note"))
                .startsWith("Docker was found, but ghcr.io/shopify/toxiproxy:2.12.0 is not on the"
                        + " Docker host and could not be pulled")
                .contains("no such host")
                .doesNotContain("\n");
        assertThat(chosen.get("name")).startsWith("embedded Toxiproxy-compatible engine (Docker was found");
        assertThat(Long.parseLong(chosen.get("millis"))).as("time to choose").isLessThan(30_000);
        assertThat(docker.requests()).as("what the fake Docker was asked").anyMatch(r -> r.contains("/images/create"));
    }

    @Test
    void aForcedDockerBackendFailsAtOnceSayingWhy() throws Exception {
        Map<String, String> chosen = forced.get(90, TimeUnit.SECONDS);

        assertThat(chosen).doesNotContainKey("backend");
        assertThat(chosen.get("refused"))
                .startsWith("socketlab.toxiproxy.backend=docker, but ghcr.io/shopify/toxiproxy:2.12.0"
                        + " is not on the Docker host and could not be pulled")
                .contains("Pull the images");
        assertThat(Long.parseLong(chosen.get("millis"))).isLessThan(30_000);
    }

    /** With Ryuk on, Testcontainers would retry the pull of its own image for two minutes: the limit cuts it short. */
    @Test
    void aDockerThatHangsIsGivenUpAfterTheStartLimit() throws Exception {
        Map<String, String> chosen = hanging.get(90, TimeUnit.SECONDS);

        assertThat(chosen.get("backend")).isEqualTo("embedded");
        assertThat(chosen.get("note"))
                .contains("did not start in Docker within 5 s")
                .contains("testcontainers/ryuk");
        assertThat(Long.parseLong(chosen.get("millis"))).isLessThan(30_000);
    }
}
