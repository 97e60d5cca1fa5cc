package socketlab.grader.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The frame of every summary.md (title, failed runs, how it was made) says what the code that appended it said. */
class SummaryTest {

    @Test
    void theFrameOfASummaryIsTheTextItsAppendCodeWrote() {
        Experiment stub = stub();
        ExperimentRunner.Options options = new ExperimentRunner.Options(
                Path.of("/kit/solutions"), Path.of("/kit/out"), false, 7, 1, 3, Map.of(), "./mvnw -q stub --seed 7");
        // The machine the captured page was made on: 2 cores, Java 17.0.15; the solutions in the working folder.
        Summary.Making making = new Summary.Making("solutions", 1, 3, Duration.ofSeconds(75), 2, "17.0.15");

        String page = Summary.page(stub, runs(), options, stub.summary(runs(), ReportFixtures.CONTEXT), making);

        assertThat(page).isEqualTo(ReportFixtures.before("summary.md"));
    }

    /** An experiment whose own part of the page is one fixed paragraph. */
    static Experiment stub() {
        return new Experiment() {
            public String name() {
                return "stub";
            }

            public String title() {
                return "A stub experiment";
            }

            public List<String> labs() {
                return List.of("lab-udp", "lab-tcp");
            }

            public List<Map<String, Object>> grid(boolean quick) {
                return List.of(Point.params("loss", 0.1, "delayMs", 5));
            }

            public int defaultRepeats(boolean quick) {
                return 1;
            }

            public int defaultJobs() {
                return 1;
            }

            public Duration pointLimit(Point point, int repeats) {
                return Duration.ofSeconds(1);
            }

            public Map<String, Double> run(Point point, long seed, int repeat, Map<String, String> settings) {
                return Map.of();
            }

            public void drawCharts(Runs runs, Path out, ReportContext context) {}

            public String summary(Runs runs, ReportContext context) {
                return "\nThe stub's own findings.\n\n![A chart](stub.png)\n\n## Closing note\n\n"
                        + "Nothing to note.\n\n\n";
            }
        };
    }

    /** Two runs that worked and 23 that failed: the page lists the first 20 failures and counts the rest. */
    static Runs runs() {
        List<Run> runs = new ArrayList<>();
        runs.add(new Run(0, 0, 11, Point.params("loss", 0.1, "delayMs", 5), Map.of("x", 1.0), null));
        runs.add(new Run(0, 1, 12, Point.params("loss", 0.1, "delayMs", 5), Map.of("x", 2.0), null));
        for (int i = 0; i < 23; i++) {
            runs.add(new Run(
                    1 + i / 2,
                    i % 2,
                    100 + i,
                    Point.params("loss", 0.05 * i, "delayMs", 10),
                    Map.of(),
                    "IOException: no reply " + i));
        }
        return new Runs(runs);
    }
}
