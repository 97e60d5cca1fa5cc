package socketlab.grader.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import socketlab.grader.cli.KitRoot;

/**
 * The experiment runner on every experiment's --quick grid, against the solutions: each writes a complete runs.csv,
 * readable PNG charts and a summary that embeds them; and lab-udp's stop-and-wait sender agrees with the textbook's
 * model within 10%. Bounds are generous: the build runs on busy 2-core machines.
 */
@EnabledIf(value = "hasSolutions", disabledReason = "the student edition has no solutions")
@NeedsQuietMachine // measured goodput against a model calibrated in the same run
class ExperimentRunnerTest {

    @TempDir
    Path out;

    static boolean hasSolutions() {
        return Files.isDirectory(KitRoot.find().resolve("solutions"));
    }

    private ExperimentRunner.Outcome runQuick(Experiment experiment, Integer repeats) throws Exception {
        ExperimentRunner.Options options = new ExperimentRunner.Options(
                KitRoot.find().resolve("solutions"),
                out.resolve(experiment.name()),
                true,
                1,
                repeats,
                null,
                Map.of(),
                "experiment " + experiment.name() + " --quick");
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        ExperimentRunner.Outcome outcome = new ExperimentRunner(
                        experiment, options, new PrintStream(progress, true, StandardCharsets.UTF_8))
                .run();
        String shown = progress.toString(StandardCharsets.UTF_8);
        int points = experiment.grid(true).size();
        assertThat(shown)
                .as("progress lines")
                .contains("[1/" + points + "]", "[" + points + "/" + points + "]", "done in");
        return outcome;
    }

    private void assertComplete(
            Experiment experiment, ExperimentRunner.Outcome outcome, int repeats, List<String> charts)
            throws IOException {
        Path folder = out.resolve(experiment.name());
        int expectedRuns = experiment.grid(true).size() * repeats;
        assertThat(outcome.runs().failed()).as("failed runs").isEmpty();
        assertThat(outcome.runs().all()).hasSize(expectedRuns);

        List<String> csv = Files.readAllLines(folder.resolve("runs.csv"));
        assertThat(csv).as("runs.csv: a header and a row per run").hasSize(expectedRuns + 1);
        assertThat(csv.get(0)).startsWith("experiment,point,repeat,seed,").endsWith(",error");

        String summary = Files.readString(folder.resolve("summary.md"));
        assertThat(summary).startsWith("# " + experiment.title()).contains("## Closing note", "## How this was made");
        for (String chart : charts) {
            assertThat(summary).as("summary.md embeds " + chart).contains("](" + chart + ")");
            BufferedImage image = ImageIO.read(folder.resolve(chart).toFile());
            assertThat(image).as(chart + " is a PNG").isNotNull();
            assertThat(image.getWidth()).as(chart + " width").isGreaterThanOrEqualTo(500);
            assertThat(image.getHeight()).as(chart + " height").isGreaterThanOrEqualTo(400);
        }
        assertThat(outcome.elapsed()).as("a --quick grid runs in seconds").isLessThan(Duration.ofSeconds(150));
    }

    @Test
    void stopAndWaitAgreesWithTheTextbookModelOnTheQuickGrid() throws Exception {
        TransferExperiment experiment = new TransferExperiment();
        ExperimentRunner.Outcome outcome = runQuick(experiment, null);
        assertComplete(experiment, outcome, experiment.defaultRepeats(true), List.of("goodput-vs-loss.png"));

        List<TransferExperiment.Agreement> rows = TransferExperiment.agreements(outcome.runs());
        assertThat(rows)
                .as("stop-and-wait grid points")
                .hasSize(TransferExperiment.losses(true).size());
        for (TransferExperiment.Agreement row : rows) {
            String point = "delay " + row.delayMs() + " ms, loss " + row.loss() + ": measured " + row.measured()
                    + " kB/s, model " + row.modelRealised() + " kB/s at the realised loss, " + row.model()
                    + " at the configured loss";
            assertThat(Math.abs(row.errorRealised()))
                    .as("stop-and-wait against the model (" + point + ")")
                    .isLessThanOrEqualTo(TransferExperiment.AGREEMENT);
        }
        String summary = Files.readString(out.resolve("transfer/summary.md"));
        assertThat(summary)
                .contains("E[t] = (L/R + RTT) + (1/((1 − p_up)(1 − p_down)) − 1) · (T − 1 ms)")
                .containsPattern("Worst disagreement .* \\*\\*[+-][0-9.]+%\\*\\*");
        // Go-Back-N (window 8) is faster than stop-and-wait without loss: the point of pipelining.
        double gbn = Runs.Stats.of(outcome.runs().where("protocol", TransferExperiment.GBN, "loss", 0.0), "goodputKBps")
                .mean();
        double sw = Runs.Stats.of(outcome.runs().where("protocol", TransferExperiment.SW, "loss", 0.0), "goodputKBps")
                .mean();
        assertThat(gbn)
                .as("Go-Back-N goodput without loss, against stop-and-wait's %.1f kB/s", sw)
                .isGreaterThan(2 * sw);
    }

    @Test
    void pingerQuickGrid() throws Exception {
        PingerExperiment experiment = new PingerExperiment();
        ExperimentRunner.Outcome outcome = runQuick(experiment, null);
        assertComplete(
                experiment, outcome, experiment.defaultRepeats(true), List.of("pinger-loss.png", "pinger-rtt.png"));
        // No loss, no late reply: every ping answered.
        assertThat(Runs.Stats.of(outcome.runs().where("series", PingerExperiment.GRID, "loss", 0.0), "measuredLossPct")
                        .max())
                .as("pings reported lost with no loss and short delays")
                .isZero();
        // The timeout sweep drops nothing, yet reports losses: the late replies.
        List<Run> sweep = outcome.runs().where("series", PingerExperiment.SWEEP);
        assertThat(Runs.Stats.of(sweep, "relayLossPct").max())
                .as("datagrams the relay dropped in the sweep")
                .isZero();
        assertThat(Runs.Stats.of(sweep, "measuredLossPct").mean())
                .as("pings reported lost in the sweep")
                .isGreaterThan(0);
    }

    @Test
    void tcpToxicsQuickGrid() throws Exception {
        TcpToxicsExperiment experiment = new TcpToxicsExperiment();
        ExperimentRunner.Outcome outcome = runQuick(experiment, null);
        assertComplete(experiment, outcome, experiment.defaultRepeats(true), List.of("tcp-toxics.png"));
        double fast = Runs.Stats.of(
                        outcome.runs().where("series", TcpToxicsExperiment.LATENCY, "latencyMs", 0), "transferMs")
                .mean();
        double slow = Runs.Stats.of(
                        outcome.runs().where("series", TcpToxicsExperiment.LATENCY, "latencyMs", 50), "transferMs")
                .mean();
        // The toxic holds the request 50 ms and the response 50 ms: a floor no run can beat. The runs without latency
        // are no yardstick for the overhead on top: they ran first, on a colder JVM (a CI run saw 14 ms there).
        assertThat(slow)
                .as("transfer time with 50 ms of latency each way")
                .isGreaterThanOrEqualTo(99.0)
                .isGreaterThan(fast);
    }

    @Test
    void slowClientsQuickGrid() throws Exception {
        SlowClientsExperiment experiment = new SlowClientsExperiment();
        ExperimentRunner.Outcome outcome = runQuick(experiment, null);
        assertComplete(experiment, outcome, experiment.defaultRepeats(true), List.of("response-times.png"));
        double single = Runs.Stats.of(
                        outcome.runs().where("server", SlowClientsExperiment.SINGLE, "slowClients", 4), "meanMs")
                .mean();
        double threaded = Runs.Stats.of(
                        outcome.runs().where("server", SlowClientsExperiment.THREADED, "slowClients", 4), "meanMs")
                .mean();
        assertThat(single)
                .as("single-threaded mean response time behind 4 slow clients")
                .isGreaterThan(SlowClientsExperiment.SLOW_MS);
        assertThat(threaded)
                .as("thread-per-connection mean response time behind 4 slow clients")
                .isLessThan(single / 2);
    }

    @Test
    void sameSeedSameLosses() throws Exception {
        // Seeded: the worker's run seeds depend only on the seed, the point's settings and the repeat.
        Point point = new Point(3, Point.params("protocol", "stop-and-wait", "delayMs", 20, "loss", 0.2));
        Point again = new Point(7, Point.params("protocol", "stop-and-wait", "delayMs", 20.0, "loss", 0.2));
        assertThat(ExperimentWorker.runSeed(1, point, 0))
                .isEqualTo(ExperimentWorker.runSeed(1, again, 0))
                .isNotEqualTo(ExperimentWorker.runSeed(2, point, 0))
                .isNotEqualTo(ExperimentWorker.runSeed(1, point, 1));
    }

    @Test
    void theModelIsTheTextbooksAtNoLossAndGrowsWithTheTimer() {
        // No loss: one round trip per packet, U = (L/R) / (L/R + RTT) as in the textbook.
        assertThat(StopAndWaitModel.millisPerPacket(0, 0, 20.5, 50)).isEqualTo(20.5);
        // 20% loss each way: q = 0.64, 1/q - 1 = 0.5625 failed attempts per packet, each costing T - 1 ms.
        assertThat(StopAndWaitModel.millisPerPacket(0.2, 0.2, 20, 50))
                .isCloseTo(20 + 0.5625 * 49, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(StopAndWaitModel.goodputKBps(4096 * 9, 9, 0, 0, 20, 50))
                .isCloseTo(4096 * 9 / 200.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void theCommandListsTheExperiments() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            assertThat(socketlab.grader.cli.SocketLab.commandLine().execute("experiment", "list"))
                    .isZero();
        } finally {
            System.setOut(original);
        }
        String listed = printed.toString(StandardCharsets.UTF_8);
        for (Experiment e : Experiments.all()) {
            assertThat(listed).contains(e.name());
        }
        Matcher lines = Pattern.compile("\n").matcher(listed);
        assertThat(lines.results().count()).isEqualTo(Experiments.all().size());
    }
}
