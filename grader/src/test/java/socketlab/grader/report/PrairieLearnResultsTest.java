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

/** results.json in PrairieLearn's external grading format, from the same report the other views show. */
class PrairieLearnResultsTest {

    private static final TestOutcome PASSED = new TestOutcome(
            "lab-udp", "U1", "Uppercase over UDP", "U1.replies", "replies", 2, 2, Status.PASSED, "", false, false, 10);
    private static final TestOutcome FAILED = new TestOutcome(
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
            10);
    private static final TestOutcome HIDDEN_PASSED = new TestOutcome(
            "lab-udp", "U9", "Hidden", "U9.secret", "secret name", 1, 1, Status.PASSED, "", true, false, 10);
    private static final TestOutcome HIDDEN_FAILED = new TestOutcome(
            "lab-udp",
            "U9",
            "Hidden",
            "U9.other",
            "other secret",
            0,
            1,
            Status.FAILED,
            "the secret check said no",
            true,
            false,
            10);

    private static JsonObject json(GradingReport report) {
        return JsonParser.parseString(PrairieLearnResults.toJson(report)).getAsJsonObject();
    }

    @Test
    void scoreIsTheShareOfTheMaximumAndEachTestHasPrairieLearnsFields() {
        JsonObject json = json(new GradingReport(
                "student",
                List.of(),
                List.of(new LabResult(
                        "lab-udp", LabStatus.OK, "", List.of(PASSED, FAILED, HIDDEN_PASSED, HIDDEN_FAILED))),
                Duration.ofSeconds(4)));

        assertThat(json.get("gradable").getAsBoolean()).isTrue();
        assertThat(json.get("score").getAsDouble()).isEqualTo(3.0 / 7);
        JsonArray tests = json.getAsJsonArray("tests");
        assertThat(tests).hasSize(3);
        JsonObject failed = tests.get(1).getAsJsonObject();
        assertThat(failed.keySet()).containsExactly("name", "description", "points", "max_points", "message", "output");
        assertThat(failed.get("name").getAsString()).isEqualTo("lab-udp U1 Uppercase over UDP: replies to sender");
        assertThat(failed.get("points").getAsDouble()).isZero();
        assertThat(failed.get("max_points").getAsDouble()).isEqualTo(3);
        assertThat(failed.get("message").getAsString()).isEqualTo("failed: expected \"HELLO\"");
        assertThat(failed.get("output").getAsString()).contains("Rerun:");
        assertThat(tests.get(0).getAsJsonObject().get("message").getAsString()).isEqualTo("Passed.");
    }

    @Test
    void hiddenTestsCountButShowAsOneEntryWithoutTheirNamesOrFeedback() {
        String text = PrairieLearnResults.toJson(new GradingReport(
                "student",
                List.of(),
                List.of(new LabResult("lab-udp", LabStatus.OK, "", List.of(PASSED, HIDDEN_PASSED, HIDDEN_FAILED))),
                Duration.ofSeconds(4)));

        assertThat(text)
                .doesNotContain("secret name")
                .doesNotContain("other secret")
                .doesNotContain("the secret check said no");
        JsonObject hidden = JsonParser.parseString(text)
                .getAsJsonObject()
                .getAsJsonArray("tests")
                .get(1)
                .getAsJsonObject();
        assertThat(hidden.get("name").getAsString()).isEqualTo("lab-udp: the instructor's hidden tests");
        assertThat(hidden.get("points").getAsDouble()).isEqualTo(1);
        assertThat(hidden.get("max_points").getAsDouble()).isEqualTo(2);
        assertThat(hidden.get("message").getAsString()).startsWith("1 of 2 passed");
    }

    @Test
    void bonusPointsNeverTakeTheScoreAboveOne() {
        TestOutcome bonus = new TestOutcome(
                "lab-udp", "U5", "Go-Back-N", "U5.fast", "fast", 2, 2, Status.PASSED, "", false, true, 10);
        JsonObject json = json(new GradingReport(
                "student",
                List.of(),
                List.of(new LabResult("lab-udp", LabStatus.OK, "", List.of(PASSED, bonus))),
                Duration.ofSeconds(4)));

        assertThat(json.get("score").getAsDouble()).isEqualTo(1.0);
    }

    @Test
    void whenNoLabCompilesTheSubmissionIsNotGradableAndCarriesTheCompilersMessages() {
        String javac = "UDPServer.java:12: error: ';' expected";
        JsonObject json = json(new GradingReport(
                "student",
                List.of(),
                List.of(
                        new LabResult(
                                "lab-udp",
                                LabStatus.COMPILE_ERROR,
                                "lab-udp does not compile. The compiler said:\n" + javac,
                                List.of(TestOutcome.notRun(FAILED, Status.NOT_RUN, "did not compile"))),
                        new LabResult(
                                "lab-tcp", LabStatus.MISSING, "The submission has no lab-tcp folder.", List.of())),
                Duration.ofSeconds(4)));

        assertThat(json.get("gradable").getAsBoolean()).isFalse();
        assertThat(json.has("score"))
                .as("no score: PrairieLearn awards and takes nothing")
                .isFalse();
        assertThat(json.getAsJsonArray("format_errors").get(0).getAsString())
                .startsWith("lab-udp: ")
                .contains(javac);
    }

    @Test
    void oneLabThatCompilesMakesTheSubmissionGradable() {
        JsonObject json = json(new GradingReport(
                "student",
                List.of(),
                List.of(
                        new LabResult("lab-udp", LabStatus.COMPILE_ERROR, "does not compile", List.of()),
                        new LabResult("lab-tcp", LabStatus.OK, "", List.of(PASSED))),
                Duration.ofSeconds(4)));

        assertThat(json.get("gradable").getAsBoolean()).isTrue();
        assertThat(json.get("score").getAsDouble()).isEqualTo(1.0);
    }
}
