package socketlab.grader.suites;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import socketlab.grader.ExtendedCheck;
import socketlab.grader.KitPaths;
import socketlab.grader.PatchedSubmission;
import socketlab.grader.results.GradingReport;
import socketlab.grader.results.TestOutcome;
import socketlab.grader.run.Grading;
import socketlab.grader.run.GradingOptions;

/**
 * Each fix that is a lesson of its own (a line limit, a read timeout on a single-threaded server, reading a
 * request's body before answering, a time limit for a slow client) has a graded test that takes its points
 * from a program without it: here the solutions, each with that fix left out (or done the naive way), lose
 * exactly those points, with feedback that names the TODO; the tests next to them keep theirs.
 */
@EnabledIf(value = "socketlab.grader.KitPaths#hasSolutions", disabledReason = "the student edition has no solutions")
@ExtendedCheck
class LessonsFailWithoutTheirFixIT {

    @TempDir
    Path work;

    @Test
    void eachLessonsTestTakesItsPointsFromAProgramWithoutItsFix() throws Exception {
        // The two labs are graded side by side: most of the time goes into the bounds the failing tests wait out.
        ExecutorService both = Executors.newFixedThreadPool(2);
        try {
            Future<GradingReport> tcp = both.submit(this::gradeLabTcpWithoutItsFixes);
            Future<GradingReport> threaded = both.submit(this::gradeLabThreadedWithoutItsFixes);
            checkLabTcp(tcp.get());
            checkLabThreaded(threaded.get());
        } finally {
            both.shutdownNow();
        }
    }

    private GradingReport gradeLabTcpWithoutItsFixes() {
        PatchedSubmission.copyOf("lab-tcp", work.resolve("tcp"))
                // T1 TODO 3 the naive way: a timeout for each read, which a byte every 200 ms never trips
                .replace(
                        "lab-tcp",
                        "TCPServer.java",
                        "long millisLeft = (deadline - System.nanoTime()) / 1_000_000;\n"
                                + "            if (millisLeft <= 0) {\n"
                                + "                throw new SocketTimeoutException(\"no whole sentence within \" + "
                                + "timeoutMillis + \" ms\");\n"
                                + "            }\n"
                                + "            connectionSocket.setSoTimeout((int) millisLeft);\n",
                        "connectionSocket.setSoTimeout(timeoutMillis);\n")
                // T1 TODO 4 left out: no line limit
                .replace(
                        "lab-tcp",
                        "TCPServer.java",
                        "if (sentence.size() == MAX_LINE_BYTES) {",
                        "if (sentence.size() == -1) {")
                // T3 TODO 3 left out: no time limit on the connection
                .replace(
                        "lab-tcp",
                        "WebServer.java",
                        "try (TimeLimit limit = TimeLimit.of(connectionSocket, timeLimitMillis)) {",
                        "{")
                // T3 TODO 5 left out: the body is never read
                .replace("lab-tcp", "WebServer.java", "            skipBody(fromClient, bodyLength);\n", "");
        return grade(
                work.resolve("tcp"),
                "lab-tcp",
                "T1.serverCutsOffSlowClients",
                "T1.serverRefusesAnOverlongSentence",
                "T3.cutsOffSlowClients",
                "T3.readsTheBodyBeforeAnswering",
                "T1.serverRepliesInUpperCase",
                "T3.servesFiles");
    }

    private static void checkLabTcp(GradingReport report) {
        assertLost(report, "T1.serverCutsOffSlowClients", "TODO 3");
        assertLost(report, "T1.serverRefusesAnOverlongSentence", "TODO 4");
        assertLost(report, "T3.cutsOffSlowClients", "TODO 3 in WebServer");
        assertLost(report, "T3.readsTheBodyBeforeAnswering", "TODO 5 in WebServer");
        assertKept(report, "T1.serverRepliesInUpperCase", "T3.servesFiles");
    }

    private GradingReport gradeLabThreadedWithoutItsFixes() {
        PatchedSubmission.copyOf("lab-threaded", work.resolve("threaded"))
                // M1 TODO 4 without the limit
                .replace(
                        "lab-threaded",
                        "ThreadedTCPServer.java",
                        "Lines.read(fromClient, MAX_LINE_BYTES)",
                        "Lines.read(fromClient, Integer.MAX_VALUE)")
                // M2 TODO 3 the naive way: a read timeout, which neither a trickle nor a blocked write trips
                .replace(
                        "lab-threaded",
                        "PooledTCPServer.java",
                        "try (TimeLimit limit = TimeLimit.of(connectionSocket, idleTimeoutMillis)) {",
                        "connectionSocket.setSoTimeout(idleTimeoutMillis);\n                {")
                // M3 TODO 1 left out: no time limit on the connection
                .replace(
                        "lab-threaded",
                        "HttpRequest.java",
                        "try (TimeLimit limit = TimeLimit.of(socket, timeLimitMillis)) {",
                        "{")
                // M3 TODO 3 left out: the body is never read
                .replace(
                        "lab-threaded",
                        "HttpRequest.java",
                        "for (long left = bodyLength; left > 0; ) {",
                        "for (long left = 0; left > 0; ) {");
        return grade(
                work.resolve("threaded"),
                "lab-threaded",
                "M1.refusesALineWithNoEnd",
                "M2.slowClientsAreCutByTheTimeLimit",
                "M3.cutsOffSlowClients",
                "M3.readsTheBodyBeforeAnswering",
                "M2.floodOfSilentClientsIsCutByIdleTimeout",
                "M3.servesFiles");
    }

    private static void checkLabThreaded(GradingReport report) {
        assertLost(report, "M1.refusesALineWithNoEnd", "TODO 4");
        assertLost(report, "M2.slowClientsAreCutByTheTimeLimit", "TODO 3");
        assertLost(report, "M3.cutsOffSlowClients", "TODO 1 in HttpRequest");
        assertLost(report, "M3.readsTheBodyBeforeAnswering", "TODO 3 in HttpRequest");
        assertKept(report, "M2.floodOfSilentClientsIsCutByIdleTimeout", "M3.servesFiles");
    }

    private static GradingReport grade(Path submission, String lab, String... tests) {
        Duration cap = Duration.ofMinutes(4);
        GradingOptions options = new GradingOptions(
                KitPaths.root(),
                submission,
                List.of(lab),
                List.of(tests),
                null,
                cap,
                cap,
                "./mvnw -q -pl grader -am compile exec:exec -Dkit=\"grade {lab}",
                Map.of());
        return new Grading(options, line -> System.out.println("  … " + line)).run();
    }

    private static void assertLost(GradingReport report, String id, String feedbackNames) {
        TestOutcome test = outcome(report, id);
        assertThat(test.points())
                .as(id + " must take its points from a program without the fix it is about:\n" + test.feedback())
                .isZero();
        assertThat(test.feedback()).as(id + "'s feedback must say what to fix").contains(feedbackNames);
    }

    private static void assertKept(GradingReport report, String... ids) {
        for (String id : ids) {
            TestOutcome test = outcome(report, id);
            assertThat(test.passed())
                    .as(id + " is about something else and keeps its points:\n" + test.feedback())
                    .isTrue();
        }
    }

    private static TestOutcome outcome(GradingReport report, String id) {
        return report.tests().stream()
                .filter(t -> t.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new AssertionError(id + " was not graded"));
    }
}
