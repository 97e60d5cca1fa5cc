package socketlab.grader.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import socketlab.grader.KitPaths;
import socketlab.grader.PatchedSubmission;
import socketlab.grader.results.GradingReport;
import socketlab.grader.results.LabResult;
import socketlab.grader.results.LabStatus;
import socketlab.grader.results.Status;
import socketlab.grader.results.TestOutcome;

/** Student code that ends or wedges the JVM costs only the tests it breaks, and grading always ends. */
@EnabledIf(value = "socketlab.grader.KitPaths#hasSolutions", disabledReason = "the student edition has no solutions")
class LabSupervisorIT {

    @Test
    void aProgramThatCallsSystemExitLosesOnlyTheTestsThatRunIt(@TempDir Path folder) {
        PatchedSubmission submission = PatchedSubmission.copyOf("lab-udp", folder)
                .replace(
                        "lab-udp",
                        "UDPClient.java",
                        "        clientSocket.setSoTimeout(TIMEOUT_MILLIS);",
                        "        clientSocket.setSoTimeout(TIMEOUT_MILLIS);\n        if (serverPort > 0) { "
                                + "System.exit(3); }");

        LabResult lab = grade(submission.root(), Duration.ofMinutes(5), "U1");

        assertThat(lab.status()).isEqualTo(LabStatus.OK);
        TestOutcome exited = test(lab, "U1.clientSendsAndReturnsReply");
        assertThat(exited.status())
                .as("System.exit ends only the student's JVM: the test fails, the grading JVM goes on")
                .isEqualTo(Status.FAILED);
        assertThat(exited.feedback())
                .contains("System.exit")
                .contains("exit code 3")
                .contains("Rerun:");
        assertThat(test(lab, "U1.serverRepliesInUpperCase").passed())
                .as("a server test, untouched by the client's exit")
                .isTrue();
        assertThat(test(lab, "U1.serverRepliesToEachSender").passed()).isTrue();
        assertThat(lab.tests())
                .as("every planned test ran, the student JVM's end notwithstanding")
                .isNotEmpty()
                .noneMatch(t -> t.status() == Status.NOT_RUN);
    }

    @Test
    void aProgramThatNeverReturnsTimesOutAndTheRestIsStillGraded(@TempDir Path folder) {
        PatchedSubmission submission = PatchedSubmission.copyOf("lab-udp", folder)
                .replace(
                        "lab-udp",
                        "UDPClient.java",
                        "        clientSocket.receive(reply);",
                        "        while (reply != null) { Thread.onSpinWait(); }");

        long start = System.nanoTime();
        LabResult lab = grade(
                submission.root(),
                Duration.ofMinutes(5),
                "U1.clientSendsAndReturnsReply",
                "U1.serverRepliesInUpperCase",
                "U1.serverRepliesToEachSender");

        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .as("grading time with spinning code")
                .isLessThan(Duration.ofMinutes(3));
        TestOutcome spun = test(lab, "U1.clientSendsAndReturnsReply");
        assertThat(spun.status()).isEqualTo(Status.TIMED_OUT);
        assertThat(spun.feedback()).contains("did not finish within").contains("UDPClient.uppercase");
        assertThat(test(lab, "U1.serverRepliesInUpperCase").passed()).isTrue();
        assertThat(test(lab, "U1.serverRepliesToEachSender").passed())
                .as("graded in a fresh JVM, not beside the spinning thread")
                .isTrue();
    }

    private static LabResult grade(Path submission, Duration cap, String... tests) {
        GradingOptions options = new GradingOptions(
                KitPaths.root(),
                submission,
                List.of("lab-udp"),
                List.of(tests),
                null,
                cap,
                cap,
                "./mvnw -q -pl grader -am compile exec:exec -Dkit=\"grade {lab}",
                Map.of());
        GradingReport report = new Grading(options, line -> {}).run();
        return report.labs().get(0);
    }

    private static TestOutcome test(LabResult lab, String id) {
        return lab.tests().stream()
                .filter(t -> t.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no test " + id + " in " + lab.tests()));
    }
}
