package socketlab.grader.suites.threaded;

import static socketlab.grader.Mutants.assertKept;
import static socketlab.grader.Mutants.assertLost;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import socketlab.grader.ExtendedCheck;
import socketlab.grader.Mutants;
import socketlab.grader.PatchedSubmission;
import socketlab.grader.results.TestOutcome;

/**
 * lab-threaded: a correct design the handout allows keeps every point (hidden tests too); a bug loses the points of
 * what the exercise teaches, and its leftovers do not cost another exercise's.
 */
@EnabledIf(value = "socketlab.grader.KitPaths#hasSolutions", disabledReason = "the student edition has no solutions")
@ExtendedCheck
class ThreadedMutantsIT {

    @TempDir
    Path work;

    @Test
    @EnabledIf(
            value = "socketlab.grader.Mutants#all",
            disabledReason = "graded with -Dsocketlab.mutants=all (the build's time budget)")
    void aCachedPoolInM1KeepsEveryPointAndAWebServerWithoutThreadsLosesM3sConcurrencyTests() {
        PatchedSubmission submission = PatchedSubmission.copyOf("lab-threaded", work.resolve("pool"))
                // M1: each connection on a cached thread pool (its idle workers live 60 s while the server runs)
                .replace(
                        "lab-threaded",
                        "ThreadedTCPServer.java",
                        "            Thread worker = new Thread(() -> serveClient("
                                + "connectionSocket), \"client-\" + connectionSocket.getPort());\n            "
                                + "worker.start();",
                        "            POOL.execute(() -> serveClient(connectionSocket));")
                .replace(
                        "lab-threaded",
                        "ThreadedTCPServer.java",
                        "    /** Opens the welcoming socket on {@code port}; port 0 lets the system choose a free "
                                + "one. */",
                        "    private static final java.util.concurrent.ExecutorService POOL ="
                                + " java.util.concurrent.Executors.newCachedThreadPool();\n\n"
                                + "    /** Opens the welcoming socket on {@code port}; port 0 lets the system choose "
                                + "a free one. */")
                // M3: each request handled on the accepting thread, one at a time
                .replace(
                        "lab-threaded",
                        "WebServer.java",
                        "            Thread thread = new Thread(request, \"http-\""
                                + " + connectionSocket.getPort());\n            thread.start();",
                        "            request.run();");
        Mutants.gradeWithEverySeed(
                submission,
                "lab-threaded",
                List.of("M1", "M3.servesFiles", "M3.manySimultaneousDownloads", "M3.slowClientDoesNotBlockOthers"),
                report -> {
                    report.tests().stream()
                            .map(TestOutcome::id)
                            .filter(id -> id.startsWith("M1."))
                            .forEach(id -> assertKept(report, id));
                    assertKept(report, "M3.servesFiles");
                    assertLost(report, "M3.manySimultaneousDownloads", "stalled");
                    assertLost(report, "M3.slowClientDoesNotBlockOthers", "own thread");
                });
    }

    @Test
    @EnabledIf(
            value = "socketlab.grader.Mutants#all",
            disabledReason = "graded with -Dsocketlab.mutants=all (the build's time budget)")
    void conversationThreadsThatNeverEndLoseM1sPointAndCostNothingInM3() {
        PatchedSubmission submission = PatchedSubmission.copyOf("lab-threaded", work.resolve("spin"))
                // M1: the conversation goes on after the client closed its side (readLine() keeps returning null)
                .replace(
                        "lab-threaded",
                        "ThreadedTCPServer.java",
                        "                if (sentence == null) {\n" + "                    return;\n                }",
                        "                if (sentence == null) {\n"
                                + "                    continue;\n                }");
        Mutants.gradeWithEverySeed(
                submission,
                "lab-threaded",
                List.of("M1.shortConnectionsLeaveNoThreadBehind", "M3.servesFiles", "M3.missingFileIs404"),
                report -> {
                    assertLost(report, "M1.shortConnectionsLeaveNoThreadBehind");
                    assertKept(report, "M3.servesFiles");
                    assertKept(report, "M3.missingFileIs404");
                });
    }
}
