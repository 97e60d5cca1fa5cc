package socketlab.grader.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import socketlab.grader.ExtendedCheck;
import socketlab.grader.KitPaths;
import socketlab.grader.cli.SocketLab;

/**
 * The issue this guards against: Docker up, its registry out of reach, and the grader picked Docker anyway, so
 * every impaired test ran into its time limit and the report said no backend was used. Grading the reference
 * solution's reset_peer test with DOCKER_HOST at a Docker that cannot pull must give full marks through the
 * embedded engine, say so in one line, and name the backend beside the test.
 */
@EnabledIf(value = "socketlab.grader.KitPaths#hasSolutions", disabledReason = "the student edition has no solutions")
@Timeout(value = 240, unit = TimeUnit.SECONDS)
@ExtendedCheck
class DockerFallbackIT {

    @Test
    void gradingWithADockerThatCannotPullFallsBackAndSaysSo(@TempDir Path temp) throws Exception {
        Path reports = temp.resolve("reports");
        try (FakeDockerDaemon docker = new FakeDockerDaemon()) {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Duser.home=" + temp,
                    "-Dsocketlab.kit.root=" + KitPaths.root(),
                    // a failing pull fails in seconds; the generous limit keeps a busy machine from timing out first
                    "-D" + ToxiproxyBackends.DOCKER_START_PROPERTY + "=60",
                    "-cp",
                    System.getProperty("java.class.path"),
                    SocketLab.class.getName(),
                    "grade",
                    "lab-tcp",
                    "--submission",
                    KitPaths.root().resolve("solutions").toString(),
                    "--test",
                    "T4.recoversFromReset",
                    "--out",
                    reports.toString()));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment()
                    .keySet()
                    .removeIf(name -> name.startsWith("TESTCONTAINERS_") || name.equals(ToxiproxyBackends.URL_ENV));
            builder.environment().put("DOCKER_HOST", docker.dockerHost());
            builder.environment().put("TESTCONTAINERS_RYUK_DISABLED", "true");
            long start = System.nanoTime();
            Process grading = builder.start();
            String console = new String(grading.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(grading.waitFor(200, TimeUnit.SECONDS)).isTrue();
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            System.out.println(console);

            assertThat(grading.exitValue())
                    .as("the grade command's exit status")
                    .isZero();
            String report = Files.readString(reports.resolve("report.md"));
            assertThat(report).contains("**Score: 2 / 2**");
            assertThat(report)
                    .containsPattern("Impairment backends: TCP: embedded Toxiproxy-compatible engine \\(Docker"
                            + " was found, but ghcr.io/shopify/toxiproxy:2.12.0 is not on the Docker host "
                            + "and could not be pulled"
                            + " \\(.*no such host\\); the embedded engine stood in for it \\(README, "
                            + "Impairment\\)\\)\\s");
            assertThat(report).contains("| passed, through TCP: Toxiproxy, embedded engine |");
            assertThat(console).contains("Docker was found, but").doesNotContain("\tat ");
            assertThat(seconds)
                    .as("grading an impaired test (it would have waited 30 s for Docker)")
                    .isLessThan(150);
        }
    }
}
