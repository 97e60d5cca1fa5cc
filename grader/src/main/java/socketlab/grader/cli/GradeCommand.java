package socketlab.grader.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import socketlab.grader.report.Reports;
import socketlab.grader.report.Scoreboard;
import socketlab.grader.results.GradingReport;
import socketlab.grader.results.Points;

/** {@code grade [LAB...]}: grade the labs of a submission and print the scoreboard. */
@Command(
        name = "grade",
        mixinStandardHelpOptions = true,
        description = "Grades labs and prints the scoreboard; writes report.md and results.json.")
final class GradeCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(
            arity = "0..*",
            paramLabel = "LAB",
            description = "lab-udp, lab-tcp or lab-threaded (default: every lab the submission has)")
    private List<String> labs = new ArrayList<>();

    @Option(
            names = "--submission",
            paramLabel = "DIR|ZIP",
            description = "a folder or .zip with the lab-* folders to grade, or just .java files (placed by package); "
                    + "default: this kit's own labs; 'solutions' grades the solutions")
    private Path submission;

    @Option(names = "--out", paramLabel = "DIR", description = "where the reports go (default: grading-output)")
    private Path out = Path.of("grading-output");

    @Option(
            names = "--test",
            paramLabel = "ID",
            description = "grade only this exercise (U1), test (U1.repliesInUpperCase) or method; repeatable")
    private List<String> tests = new ArrayList<>();

    @Option(
            names = "--seed",
            paramLabel = "N",
            description = "use this seed in every test instead of each test's own (to replay a run)")
    private Long seed;

    @Option(
            names = "--min-score",
            paramLabel = "PERCENT",
            description = "exit with status 1 when the score is below this percentage (for CI and `./mvnw verify "
                    + "-DminScore=`)")
    private double minScore;

    @Option(
            names = "--lab-cap",
            paramLabel = "SECONDS",
            description = "the most time one lab's grading may take (default: ${DEFAULT-VALUE})")
    private long labCapSeconds = 900;

    @Override
    public Integer call() {
        Path kit = KitRoot.find();
        Path given =
                submission == null ? kit : (submission.isAbsolute() ? submission : kit.resolve(submission)).normalize();
        GradingReport report;
        try {
            report = new UploadGrading(
                            labs,
                            tests,
                            seed,
                            Duration.ofSeconds(labCapSeconds),
                            Duration.ofSeconds(labCapSeconds * 3),
                            submission == null ? null : submission.toString())
                    .grade(kit, given);
        } catch (UploadGrading.BadUpload e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Path reports = out.isAbsolute() ? out : kit.resolve(out);
        Reports.write(report, reports);
        System.out.println();
        System.out.print(Scoreboard.render(report, !tests.isEmpty()));
        Path shown = reports.startsWith(kit) ? kit.relativize(reports) : reports;
        System.out.println("Full feedback: " + shown.resolve(Reports.REPORT_HTML) + " (open it in a browser) and "
                + shown.resolve(Reports.REPORT_MD) + "; Gradescope's format: " + shown.resolve(Reports.RESULTS_JSON));
        double percent = report.percent();
        if (percent < minScore) {
            System.out.printf(
                    Locale.ROOT,
                    "The score, %.0f%%, is below the minimum of %s%% (--min-score, -DminScore).%n",
                    percent,
                    Points.format(minScore));
            return 1;
        }
        return 0;
    }
}
