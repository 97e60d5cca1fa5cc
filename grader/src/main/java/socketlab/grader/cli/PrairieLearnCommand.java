package socketlab.grader.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import socketlab.grader.report.PrairieLearnResults;
import socketlab.grader.report.Reports;
import socketlab.grader.report.Scoreboard;
import socketlab.grader.results.GradingReport;

/**
 * {@code prairielearn [LAB...]}: PrairieLearn's external grading entry point. PrairieLearn puts the student's files
 * in {@code /grade/student} and reads {@code /grade/results/results.json} when the entry point ends.
 */
@Command(
        name = "prairielearn",
        mixinStandardHelpOptions = true,
        description =
                "PrairieLearn's external grader: grades GRADE_ROOT/student and writes GRADE_ROOT/results/results.json.")
final class PrairieLearnCommand implements Callable<Integer> {

    @Parameters(
            arity = "0..*",
            paramLabel = "LAB",
            description = "the labs this question grades (default: every lab the upload has)")
    private List<String> labs = new ArrayList<>();

    @Option(
            names = "--grade-root",
            paramLabel = "DIR",
            description = "PrairieLearn's grading folder (default: ${DEFAULT-VALUE})")
    private Path root = Path.of("/grade");

    @Option(
            names = "--test",
            paramLabel = "ID",
            description = "grade only this exercise (U1) or test (U1.repliesInUpperCase); repeatable")
    private List<String> tests = new ArrayList<>();

    @Option(
            names = "--time-limit",
            paramLabel = "SECONDS",
            description =
                    "the most time grading may take, within the question's externalGradingOptions.timeout (default: "
                            + "${DEFAULT-VALUE})")
    private long timeLimit = 540;

    @Override
    public Integer call() throws IOException {
        Path student = root.resolve("student");
        Path results = root.resolve("results");
        // PrairieLearn does not create the results folder; the student's programs (their own user, where root) get no
        // way in.
        Files.createDirectories(results);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(results, PosixFilePermissions.fromString("rwx------"));
        }
        String json;
        try {
            Duration cap = Duration.ofSeconds(timeLimit);
            GradingReport report = new UploadGrading(labs, tests, null, cap, cap, null).grade(KitRoot.find(), student);
            System.out.print(Scoreboard.render(report));
            json = PrairieLearnResults.toJson(report);
        } catch (UploadGrading.BadUpload | UncheckedIOException | IllegalStateException e) {
            // Not the student's fault, or not gradable: either way no attempt is spent on it.
            System.out.println("Could not grade: " + e.getMessage());
            json = PrairieLearnResults.notGradable("The grader could not grade this submission: " + e.getMessage());
        }
        // Written last, after every process of the student's has ended.
        Files.writeString(results.resolve(Reports.RESULTS_JSON), json, StandardCharsets.UTF_8);
        return 0;
    }
}
