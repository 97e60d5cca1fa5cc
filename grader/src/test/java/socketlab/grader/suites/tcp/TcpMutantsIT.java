package socketlab.grader.suites.tcp;

import static org.assertj.core.api.Assertions.assertThat;
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

/** One-bug copies of lab-tcp's solutions: each loses its points in its own exercise, and no more. */
@EnabledIf(value = "socketlab.grader.KitPaths#hasSolutions", disabledReason = "the student edition has no solutions")
@ExtendedCheck
class TcpMutantsIT {

    @TempDir
    Path work;

    @Test
    @EnabledIf(
            value = "socketlab.grader.Mutants#all",
            disabledReason = "graded with -Dsocketlab.mutants=all (the build's time budget)")
    void aLineReaderThatKeepsTheCarriageReturnAndAStatsServerWithNoLineLimitLosePointsInT2() {
        PatchedSubmission submission = PatchedSubmission.copyOf("lab-tcp", work.resolve("crlf"))
                .replace(
                        "lab-tcp",
                        "LineReader.java",
                        "return text.endsWith(\"\\r\") ? text.substring(0, text.length() - 1) : text;",
                        "return text;")
                // T2: the stats server reads a line of valid numbers to its end, however long (no 1024-byte limit)
                .replace(
                        "lab-tcp",
                        "StatsServer.java",
                        "new LineReader(connectionSocket.getInputStream(), MAX_LINE_BYTES)",
                        "new LineReader(connectionSocket.getInputStream(), Integer.MAX_VALUE)");
        Mutants.gradeWithEverySeed(
                submission, "lab-tcp", List.of("T2.clientReadsCrlfLines", "T2.serverRefusesOverlongLine"), report -> {
                    assertLost(report, "T2.clientReadsCrlfLines", "\\r");
                    assertLost(report, "T2.serverRefusesOverlongLine", "MAX_LINE_BYTES = 1024");
                });
    }

    @Test
    void aMissingContentTypeCostsTheHeaderTestOnlyAndAServerThatStopsIsNamedAsSuch() {
        PatchedSubmission submission = PatchedSubmission.copyOf("lab-tcp", work.resolve("web"))
                // T3: no Content-Type header on a file
                .replace(
                        "lab-tcp",
                        "WebServer.java",
                        "                + \"Content-Type: \" + contentType(file) + \"\\r\\n\"\n",
                        "")
                // T1: serves one client, then closes its welcoming socket
                .replace(
                        "lab-tcp",
                        "TCPServer.java",
                        "Socket connectionSocket = serverSocket.accept();",
                        "Socket connectionSocket = serverSocket.accept();\n            serverSocket.close();");
        Mutants.gradeWithEverySeed(submission, "lab-tcp", List.of("T3", "T1.serverServesClientsInTurn"), report -> {
            assertLost(report, "T3.servesFiles", "Content-Type");
            for (String other : List.of(
                    "T3.servesFoldersAndDecodedNames",
                    "T3.headGetsHeadersOnly",
                    "T3.missingFileIs404",
                    "T3.malformedRequestsAre400",
                    "T3.otherMethodsAre501",
                    "T3.neverServesOutsideTheRoot",
                    "T3.readsTheBodyBeforeAnswering",
                    "T3.cutsOffSlowClients",
                    "T3.servesThroughLatency",
                    "T3.servesThroughSlicer",
                    "T3.survivesClientsThatLeave")) {
                assertKept(report, other);
            }
            assertLost(
                    report,
                    "T1.serverServesClientsInTurn",
                    "The grader could not reach your program",
                    "TCPServer.serve() stopped with SocketException");
            assertThat(Mutants.outcome(report, "T1.serverServesClientsInTurn").feedback())
                    .doesNotContain("could not run this test");
        });
    }

    @Test
    @EnabledIf(
            value = "socketlab.grader.Mutants#all",
            disabledReason = "graded with -Dsocketlab.mutants=all (the build's time budget)")
    void aServerThatDoesNotDecodeTheTargetLosesT3sDecodingTest() {
        PatchedSubmission submission = PatchedSubmission.copyOf("lab-tcp", work.resolve("raw"))
                // T3: looks for a file literally named "my%20notes.txt"
                .replace(
                        "lab-tcp",
                        "WebServer.java",
                        "path = URLDecoder.decode((query < 0 ? target : target.substring(0, query))"
                                + ".replace(\"+\", \"%2B\"), StandardCharsets.UTF_8);",
                        "path = query < 0 ? target : target.substring(0, query);");
        Mutants.gradeWithEverySeed(
                submission,
                "lab-tcp",
                List.of("T3.servesFoldersAndDecodedNames"),
                report -> assertLost(report, "T3.servesFoldersAndDecodedNames", "%20 is a space"));
    }
}
