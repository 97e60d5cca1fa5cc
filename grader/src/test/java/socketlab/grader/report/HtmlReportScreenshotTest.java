package socketlab.grader.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import socketlab.grader.results.GradingReport;
import socketlab.grader.results.LabResult;
import socketlab.grader.results.LabStatus;
import socketlab.grader.results.Status;
import socketlab.grader.results.TestOutcome;

/**
 * Renders report.html in headless Chromium at a desktop and a phone width and keeps the screenshots in
 * {@code target/report-screenshots/} to look at. Skipped where no Chromium is installed (.ci/run installs it).
 */
class HtmlReportScreenshotTest {

    static final GradingReport SAMPLE = new GradingReport(
            "submissions/ada",
            List.of("TCP: embedded Toxiproxy-compatible engine"),
            List.of(
                    new LabResult(
                            "lab-udp",
                            LabStatus.OK,
                            "",
                            List.of(
                                    new TestOutcome(
                                            "lab-udp",
                                            "U1",
                                            "Uppercase over UDP (textbook 2.7.1)",
                                            "U1.upper",
                                            "the server answers a sentence in upper case",
                                            2,
                                            2,
                                            Status.PASSED,
                                            "",
                                            false,
                                            false,
                                            12),
                                    new TestOutcome(
                                            "lab-udp",
                                            "U1",
                                            "Uppercase over UDP (textbook 2.7.1)",
                                            "U1.sender",
                                            "the server replies to each sender's own address and port",
                                            0,
                                            2,
                                            Status.FAILED,
                                            """
                            [the reply at bob's port 43122 (each client has its own port: reply to the address the datagram came from)]
                            Expecting Optional to contain:
                              "FROM BOB"
                            but was empty.
                            On the wire:
                              → sent "from alice" (10 bytes) from 127.0.0.1:50206 to 127.0.0.1:50483 (UDP)
                              → sent "from bob" (8 bytes) from 127.0.0.1:43122 to 127.0.0.1:50483 (UDP)
                              ← received nothing within 3000 ms (at 127.0.0.1:43122)
                            Impairment: none (direct loopback)
                            Seed: 388231
                            Rerun: ./mvnw -q -pl grader -am compile exec:exec -Dkit="grade lab-udp --test U1.sender --seed 388231\"""",
                                            false,
                                            false,
                                            3012))),
                    new LabResult(
                            "lab-tcp",
                            LabStatus.COMPILE_ERROR,
                            "lab-tcp does not compile, so none of its tests could run. The compiler said:\n"
                                    + "src/main/java/socketlab/tcp/TCPServer.java:37: error: ';' expected",
                            List.of(new TestOutcome(
                                    "lab-tcp",
                                    "T1",
                                    "Uppercase over TCP (textbook 2.7.2)",
                                    "T1.upper",
                                    "the server answers a line in upper case",
                                    0,
                                    2,
                                    Status.NOT_RUN,
                                    "lab-tcp does not compile.",
                                    true,
                                    false,
                                    0)))),
            Duration.ofSeconds(17),
            "",
            List.of(
                    "your programs ran in JVMs of their own, with none of the grader's or the tests' classes",
                    "every process they started was ended when grading ended"));

    @Test
    void isOneSelfContainedPageWithBarsFeedbackAndBackend() {
        String html = HtmlReport.render(SAMPLE);
        assertThat(html)
                .startsWith("<!DOCTYPE html>")
                .contains("name=\"viewport\"")
                .contains("2 / 6")
                .contains("TCP: embedded Toxiproxy-compatible engine")
                .contains("<details class=\"test fail\" open>")
                .contains("<details class=\"test pass\">")
                .contains("&quot;FROM BOB&quot;")
                .contains("<b>Rerun:</b>")
                .contains("compile-error")
                .contains("<br>Protections: your programs ran in JVMs of their own, with none of the grader's")
                .doesNotContain("<script")
                .doesNotContain("http://")
                .doesNotContain("https://");
    }

    @ParameterizedTest
    @ValueSource(ints = {1000, 390})
    void rendersInHeadlessChromium(int width) throws Exception {
        Optional<Path> chromium = findChromium();
        assumeTrue(chromium.isPresent(), "no Chromium on this machine");
        Path folder = Files.createDirectories(Path.of("target", "report-screenshots"));
        Path page = folder.resolve("report.html");
        Files.writeString(page, HtmlReport.render(SAMPLE), StandardCharsets.UTF_8);
        Path png = folder.resolve("report-" + width + "px.png").toAbsolutePath();
        Files.deleteIfExists(png);
        Path profile = Files.createTempDirectory("chromium-profile");
        Process process = new ProcessBuilder(
                        chromium.get().toString(),
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--hide-scrollbars",
                        "--user-data-dir=" + profile,
                        "--window-size=" + width + ",1200",
                        "--screenshot=" + png,
                        page.toAbsolutePath().toUri().toString())
                .redirectErrorStream(true)
                .redirectOutput(folder.resolve("chromium-" + width + ".log").toFile())
                .start();
        boolean finished = process.waitFor(90, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        assertThat(finished).as("Chromium finished the screenshot within 90 s").isTrue();
        assertThat(png).exists();
        byte[] bytes = Files.readAllBytes(png);
        assertThat(bytes.length).as("a real picture, not a blank page").isGreaterThan(20_000);
        assertThat(new String(bytes, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
        System.out.println("Screenshot of report.html at " + width + " px: " + png);
    }

    private static Optional<Path> findChromium() throws IOException {
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
            Path path = Path.of(candidate);
            if (Files.isExecutable(path)) {
                return Optional.of(path);
            }
        }
        return Optional.empty();
    }
}
