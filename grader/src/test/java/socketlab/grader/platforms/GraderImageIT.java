package socketlab.grader.platforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import socketlab.grader.KitPaths;

/**
 * The container recipe every platform uses (grader/docker/Dockerfile): built with the Docker CLI, it grades the
 * solutions to full marks inside the image. Skipped where Docker cannot build (no CLI, no daemon): the kit needs no
 * Docker to build or to pass its tests.
 */
class GraderImageIT {

    private static final String IMAGE = "socketlab-grader:it";

    @Test
    void theImageBuildsAndGradesTheSolutionsToFullMarks() throws Exception {
        assumeTrue(run(List.of("docker", "info"), 60).exit() == 0, "no Docker daemon here");
        Path kit = KitPaths.root();

        Result build = run(
                List.of(
                        "docker",
                        "build",
                        "-f",
                        kit.resolve("grader/docker/Dockerfile").toString(),
                        "-t",
                        IMAGE,
                        kit.toString()),
                1800);
        assertThat(build.exit()).as(build.output()).isZero();
        Result grade = run(List.of("docker", "run", "--rm", IMAGE, "grade", "--submission", "solutions"), 2400);

        assertThat(grade.exit()).as(grade.output()).isZero();
        Matcher total = Pattern.compile("TOTAL\\s+(\\d+) / (\\d+)").matcher(grade.output());
        assertThat(total.find()).as(grade.output()).isTrue();
        assertThat(Integer.parseInt(total.group(1)))
                .as("the solutions' points (bonus included) against the maximum")
                .isGreaterThanOrEqualTo(Integer.parseInt(total.group(2)));
    }

    private record Result(int exit, String output) {}

    private static Result run(List<String> command, long seconds) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException noDocker) {
            return new Result(-1, noDocker.getMessage());
        }
        // The output is read on this thread; the limit is enforced by ending the process from a timer thread.
        Thread watchdog = new Thread(() -> {
            try {
                if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        watchdog.setDaemon(true);
        watchdog.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(process.waitFor(), output);
    }
}
