package socketlab.grader.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import socketlab.grader.results.GradingReport;
import socketlab.grader.results.LabResult;
import socketlab.grader.results.LabStatus;
import socketlab.grader.results.Status;
import socketlab.grader.results.TestOutcome;

/** The console scoreboard a student reads after each grading. */
class ScoreboardTest {

    private static final String FEEDBACK = """
            The reply at bob's port 43122: expected "FROM BOB", got nothing
            On the wire:
              → sent "from bob" (8 bytes) from 127.0.0.1:43122 to 127.0.0.1:50483 (UDP)
              ← received nothing within 3000 ms (at 127.0.0.1:43122) and a long line that goes on well past seventy characters
            Impairment: none (direct loopback)
            Seed: 388231
            Rerun: ./grade lab-udp --test U1.toSender --seed 388231""";

    private static final GradingReport REPORT = new GradingReport(
            "the kit",
            List.of(),
            List.of(new LabResult(
                    "lab-udp",
                    LabStatus.OK,
                    "",
                    List.of(
                            new TestOutcome(
                                    "lab-udp",
                                    "U1",
                                    "Uppercase over UDP",
                                    "U1.toSender",
                                    "replies to sender",
                                    0,
                                    2,
                                    Status.FAILED,
                                    FEEDBACK,
                                    false,
                                    false,
                                    10),
                            new TestOutcome(
                                    "lab-udp",
                                    "U5",
                                    "Go-Back-N",
                                    "U5.fast",
                                    "fast",
                                    0,
                                    4,
                                    Status.FAILED,
                                    "TODO 1 not implemented",
                                    false,
                                    true,
                                    10),
                            new TestOutcome(
                                    "lab-udp",
                                    "U5",
                                    "Go-Back-N",
                                    "U5.slow",
                                    "slow",
                                    0,
                                    2,
                                    Status.FAILED,
                                    "TODO 1 not implemented",
                                    false,
                                    true,
                                    10)))),
            Duration.ofSeconds(3));

    @Test
    void aWholeRunShowsTheFirstLineOfEachFailureAndABonusExerciseNeverReadsZeroOfZero() {
        String board = Scoreboard.render(REPORT);
        assertThat(board)
                .contains("failed: The reply at bob's port 43122: expected \"FROM BOB\", got n…")
                .doesNotContain("On the wire")
                .doesNotContain("0 / 0")
                .containsPattern("U5  Go-Back-N +bonus: 0 of 6\n");
        assertThat(MarkdownReport.render(REPORT))
                .contains("| lab-udp | U5 | bonus: 0 of 6 |")
                .doesNotContain("0 / 0");
    }

    @Test
    void oneTestOrExerciseGradedShowsItsWholeFeedback() {
        String board = Scoreboard.render(REPORT, true);
        FEEDBACK.lines().forEach(line -> assertThat(board).contains("            " + line + "\n"));
    }
}
