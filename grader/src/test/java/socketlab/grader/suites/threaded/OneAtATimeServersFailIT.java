package socketlab.grader.suites.threaded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import socketlab.grader.ExtendedCheck;
import socketlab.grader.KitPaths;
import socketlab.grader.PatchedSubmission;
import socketlab.grader.results.LabResult;
import socketlab.grader.results.Status;
import socketlab.grader.results.TestOutcome;
import socketlab.grader.run.Grading;
import socketlab.grader.run.GradingOptions;

/**
 * lab-threaded's concurrency tests catch what they are for: the solutions made to serve one client at a
 * time (the thread replaced by a plain call) fail them, and the feedback says why.
 */
@EnabledIf(value = "socketlab.grader.KitPaths#hasSolutions", disabledReason = "the student edition has no solutions")
@ExtendedCheck
class OneAtATimeServersFailIT {

    @Test
    void oneAtATimeServersFailTheConcurrencyTestsWithAReason(@TempDir Path folder) {
        PatchedSubmission submission = PatchedSubmission.copyOf("lab-threaded", folder)
                .replace(
                        "lab-threaded",
                        "ThreadedTCPServer.java",
                        "Thread worker = new Thread(() -> serveClient(connectionSocket), \"client-\" + "
                                + "connectionSocket.getPort());\n"
                                + "            worker.start();",
                        "serveClient(connectionSocket);")
                .replace(
                        "lab-threaded",
                        "WebServer.java",
                        "Thread thread = new Thread(request, \"http-\" + connectionSocket.getPort());\n            "
                                + "thread.start();",
                        "request.run();");

        LabResult lab = grade(
                submission.root(),
                "M1.servesOthersWhileOneClientIsSilent",
                "M1.latencyIsOverlapped",
                "M3.slowClientDoesNotBlockOthers",
                "M1.answersEveryLineUntilClientCloses");

        TestOutcome silent = test(lab, "M1.servesOthersWhileOneClientIsSilent");
        assertThat(silent.status()).isEqualTo(Status.FAILED);
        assertThat(silent.feedback())
                .contains("serves one connection at a time")
                .contains("its own thread")
                .contains("Seed:")
                .contains("Rerun:");
        TestOutcome latency = test(lab, "M1.latencyIsOverlapped");
        assertThat(latency.status()).isEqualTo(Status.FAILED);
        assertThat(latency.feedback()).contains("one at a time").contains("latency 200 ms");
        TestOutcome web = test(lab, "M3.slowClientDoesNotBlockOthers");
        assertThat(web.status()).isEqualTo(Status.FAILED);
        assertThat(web.feedback()).contains("one request at a time").contains("own thread");
        assertThat(test(lab, "M1.answersEveryLineUntilClientCloses").passed())
                .as("a one-at-a-time server still answers a lone client")
                .isTrue();
    }

    private static LabResult grade(Path submission, String... tests) {
        Duration cap = Duration.ofMinutes(5);
        GradingOptions options = new GradingOptions(
                KitPaths.root(),
                submission,
                List.of("lab-threaded"),
                List.of(tests),
                null,
                cap,
                cap,
                "./mvnw -q -pl grader -am compile exec:exec -Dkit=\"grade {lab}",
                Map.of());
        return new Grading(options, line -> {}).run().labs().get(0);
    }

    private static TestOutcome test(LabResult lab, String id) {
        return lab.tests().stream()
                .filter(t -> t.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no test " + id + " in " + lab.tests()));
    }
}
