package socketlab.grader.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import socketlab.grader.results.GradingReport;
import socketlab.grader.results.LabResult;
import socketlab.grader.results.LabStatus;
import socketlab.grader.results.Status;
import socketlab.grader.results.TestOutcome;

class GradescopeResultsTest {

    private static final GradingReport REPORT = new GradingReport(
            "submissions/ada",
            List.of("UDP: seeded datagram relay"),
            List.of(new LabResult(
                    "lab-udp",
                    LabStatus.OK,
                    "",
                    List.of(
                            new TestOutcome(
                                    "lab-udp",
                                    "U1",
                                    "Uppercase over UDP",
                                    "U1.replies",
                                    "replies",
                                    2,
                                    2,
                                    Status.PASSED,
                                    "",
                                    false,
                                    false,
                                    10),
                            new TestOutcome(
                                    "lab-udp",
                                    "U1",
                                    "Uppercase over UDP",
                                    "U1.toSender",
                                    "replies to sender",
                                    0,
                                    3,
                                    Status.FAILED,
                                    "expected \"HELLO\"\nRerun: ./mvnw ...",
                                    false,
                                    false,
                                    10),
                            new TestOutcome(
                                    "lab-udp",
                                    "U9",
                                    "Hidden",
                                    "U9.secret",
                                    "secret",
                                    1,
                                    1,
                                    Status.PASSED,
                                    "",
                                    true,
                                    false,
                                    10),
                            new TestOutcome(
                                    "lab-udp",
                                    "U5",
                                    "Go-Back-N (bonus)",
                                    "U5.fast",
                                    "fast",
                                    2,
                                    2,
                                    Status.PASSED,
                                    "",
                                    false,
                                    true,
                                    10)))),
            Duration.ofSeconds(42));

    @Test
    void followsGradescopesAutograderFormat() {
        JsonObject json =
                JsonParser.parseString(GradescopeResults.toJson(REPORT)).getAsJsonObject();

        assertThat(json.get("score").getAsDouble())
                .as("bonus points count in the score")
                .isEqualTo(5.0);
        assertThat(json.get("execution_time").getAsLong()).isEqualTo(42);
        assertThat(json.get("output").getAsString()).contains("UDP: seeded datagram relay");
        JsonArray tests = json.getAsJsonArray("tests");
        assertThat(tests).hasSize(4);
        double maxSum = 0;
        for (var element : tests) {
            JsonObject test = element.getAsJsonObject();
            assertThat(test.keySet()).contains("name", "score", "max_score", "output", "visibility", "status");
            maxSum += test.get("max_score").getAsDouble();
        }
        assertThat(maxSum).as("bonus points add nothing to the maximum").isEqualTo(6.0);
        JsonObject failed = tests.get(1).getAsJsonObject();
        assertThat(failed.get("status").getAsString()).isEqualTo("failed");
        assertThat(failed.get("output").getAsString())
                .contains("expected \"HELLO\"")
                .contains("Rerun:");
        assertThat(tests.get(2).getAsJsonObject().get("visibility").getAsString())
                .isEqualTo("after_due_date");
        assertThat(tests.get(0).getAsJsonObject().get("visibility").getAsString())
                .isEqualTo("visible");
    }

    @Test
    void feedbackIsMarkdownWithTheProseEscapedAndEachFailureInACodeBlockNothingInsideCanClose() {
        GradingReport report = new GradingReport(
                "submissions/ada",
                List.of(),
                List.of(new LabResult(
                        "lab-udp",
                        LabStatus.OK,
                        "placed *UDPServer.java* by package",
                        List.of(
                                new TestOutcome(
                                        "lab-udp",
                                        "U1",
                                        "Uppercase",
                                        "U1.replies",
                                        "replies",
                                        0,
                                        2,
                                        Status.FAILED,
                                        "expected \"```\" but was <b>nothing</b>\n  → sent \"x\"",
                                        false,
                                        false,
                                        1500),
                                new TestOutcome(
                                        "lab-udp",
                                        "U1",
                                        "Uppercase",
                                        "U1.port",
                                        "port",
                                        2,
                                        2,
                                        Status.PASSED,
                                        "",
                                        false,
                                        false,
                                        10,
                                        List.of("UDP: seeded_relay"))))),
                Duration.ofSeconds(3),
                "upload_1 had *no* lab folder",
                List.of());

        JsonObject json =
                JsonParser.parseString(GradescopeResults.toJson(report)).getAsJsonObject();

        assertThat(json.get("output_format").getAsString()).isEqualTo("md");
        assertThat(json.get("output").getAsString())
                .contains("upload\\_1 had \\*no\\* lab folder")
                .contains("**lab-udp**\n\n```\nplaced *UDPServer.java* by package\n```");
        JsonObject failed = json.getAsJsonArray("tests").get(0).getAsJsonObject();
        assertThat(failed.get("output_format").getAsString()).isEqualTo("md");
        assertThat(failed.get("output").getAsString())
                .as("a fence longer than the feedback's own run of backticks")
                .isEqualTo("````\nexpected \"```\" but was <b>nothing</b>\n  → sent \"x\"\n````");
        assertThat(failed.get("execution_time").getAsDouble()).isEqualTo(1.5);
        JsonObject passed = json.getAsJsonArray("tests").get(1).getAsJsonObject();
        assertThat(passed.get("output").getAsString()).isEqualTo("Passed, through UDP: seeded\\_relay.");
        assertThat(passed.get("name_format").getAsString())
                .as("names stay plain text")
                .isEqualTo("text");
    }

    @Test
    void markdownAndScoreboardShowTotalsAndFeedback() {
        String markdown = MarkdownReport.render(REPORT);
        assertThat(markdown)
                .contains("**Score: 5 / 6**")
                .contains("UDP: seeded datagram relay")
                .contains("| lab-udp | U1 | 2 / 5 |")
                .contains("expected \"HELLO\"");
        String board = Scoreboard.render(REPORT);
        assertThat(board)
                .contains("lab-udp")
                .contains("✗ replies to sender")
                .contains("TOTAL")
                .contains("5 / 6")
                .contains("(bonus) fast");
    }
}
