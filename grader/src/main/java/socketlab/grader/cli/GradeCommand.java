package socketlab.grader.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import socketlab.grader.batch.LooseSources;
import socketlab.grader.batch.SubmissionFinder;
import socketlab.grader.core.Lab;
import socketlab.grader.core.RerunCommand;
import socketlab.grader.report.Reports;
import socketlab.grader.report.Scoreboard;
import socketlab.grader.results.GradingReport;
import socketlab.grader.results.Points;
import socketlab.grader.run.Grading;
import socketlab.grader.run.GradingOptions;
import socketlab.grader.run.TempFolder;

/** {@code grade [LAB...]}: grade the labs of a submission and print the scoreboard. */
@Command(name = "grade", mixinStandardHelpOptions = true,
        description = "Grades labs and prints the scoreboard; writes report.md and results.json.")
final class GradeCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "LAB", description = "lab-udp, lab-tcp or lab-threaded (default: every lab the submission has)")
    private List<String> labs = new ArrayList<>();

    @Option(names = "--submission", paramLabel = "DIR|ZIP",
            description = "a folder or .zip with the lab-* folders to grade, or just .java files (placed by package); "
                    + "default: this kit's own labs; 'solutions' grades the solutions")
    private Path submission;

    @Option(names = "--out", paramLabel = "DIR", description = "where the reports go (default: grading-output)")
    private Path out = Path.of("grading-output");

    @Option(names = "--test", paramLabel = "ID", description = "grade only this exercise (U1), test (U1.repliesInUpperCase) or method; repeatable")
    private List<String> tests = new ArrayList<>();

    @Option(names = "--seed", paramLabel = "N", description = "use this seed in every test instead of each test's own (to replay a run)")
    private Long seed;

    @Option(names = "--min-score", paramLabel = "PERCENT",
            description = "exit with status 1 when the score is below this percentage (for CI and `./mvnw verify -DminScore=`)")
    private double minScore;

    @Option(names = "--lab-cap", paramLabel = "SECONDS", description = "the most time one lab's grading may take (default: ${DEFAULT-VALUE})")
    private long labCapSeconds = 900;

    @Override
    public Integer call() {
        Path kit = KitRoot.find();
        Path given = submission == null ? kit : (submission.isAbsolute() ? submission : kit.resolve(submission)).normalize();
        boolean zip = Files.isRegularFile(given) && given.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip");
        if (!Files.isDirectory(given) && !zip) {
            throw new ParameterException(spec.commandLine(), "no such folder or .zip file: " + given);
        }
        List<String> chosen = new ArrayList<>();
        for (String lab : labs) {
            chosen.add(Lab.named(lab).orElseThrow(() -> new ParameterException(spec.commandLine(), Lab.unknown(lab))).folder());
        }
        try (TempFolder temp = TempFolder.create("socketlab-upload-")) {
            Path upload = given;
            if (zip) {
                upload = temp.path().resolve("unzipped");
                try {
                    SubmissionFinder.unzip(given, upload);
                } catch (IOException | IllegalArgumentException e) {
                    throw new ParameterException(spec.commandLine(), "cannot unpack " + given + ": " + e.getMessage());
                }
            }
            // A submission may hold its labs a few folders down (an unpacked zip of the kit, say).
            Path folder = SubmissionFinder.labsRootIn(upload).orElse(upload);
            Map<String, String> notes = new TreeMap<>();
            String shownAs = zip ? given.toString() : null;
            String submissionNote = "";
            if (!hasLabFolders(folder, chosen)) {
                // No lab folders: loose .java files (a Gradescope upload) go into their labs by package; with none,
                // every lab is graded as missing, so that the reports still say what was expected.
                Optional<LooseSources.Placement> placement = LooseSources.arrange(upload, kit, temp.path().resolve("placed"));
                if (placement.isPresent()) {
                    folder = placement.get().root();
                    notes.putAll(placement.get().notes());
                    shownAs = given + " (loose .java files, placed in their labs by package)";
                } else {
                    submissionNote = "Nothing to grade in " + given + ": no lab-udp, lab-tcp or lab-threaded folder, and no "
                            + ".java file whose package is socketlab.udp, socketlab.tcp or socketlab.threaded. Hand in the "
                            + "kit's lab-* folders (or a zip of your kit), or the .java files you changed.";
                    if (chosen.isEmpty()) {
                        chosen.addAll(Lab.folders());
                    }
                }
            }
            return grade(kit, folder, chosen, notes, shownAs, submissionNote);
        }
    }

    private int grade(Path kit, Path folder, List<String> chosen, Map<String, String> notes, String shownAs, String submissionNote) {
        String shownSubmission = submission == null ? null : submission.toString();
        GradingOptions options = new GradingOptions(kit, folder, chosen, tests, seed, Duration.ofSeconds(labCapSeconds), Duration.ofSeconds(labCapSeconds * 3),
                RerunCommand.grading("{lab}", shownSubmission), KitRoot.forwardedProperties());
        GradingReport report = new Grading(options, line -> System.err.println("  … " + line)).run().withLabNotes(notes);
        report = report.describedAs(shownAs != null ? shownAs : report.submission(), submissionNote);
        Path reports = out.isAbsolute() ? out : kit.resolve(out);
        Reports.write(report, reports);
        System.out.println();
        System.out.print(Scoreboard.render(report, !tests.isEmpty()));
        Path shown = reports.startsWith(kit) ? kit.relativize(reports) : reports;
        System.out.println("Full feedback: " + shown.resolve(Reports.REPORT_HTML) + " (open it in a browser) and " + shown.resolve(Reports.REPORT_MD)
                + "; Gradescope's format: " + shown.resolve(Reports.RESULTS_JSON));
        double percent = report.percent();
        if (percent < minScore) {
            System.out.printf(Locale.ROOT, "The score, %.0f%%, is below the minimum of %s%% (--min-score, -DminScore).%n", percent, Points.format(minScore));
            return 1;
        }
        return 0;
    }

    /** Whether {@code folder} has a lab folder to grade: one of {@code chosen}, or any lab when none was named. */
    static boolean hasLabFolders(Path folder, List<String> chosen) {
        return Grading.labsIn(folder, List.of()).stream().anyMatch(lab -> chosen.isEmpty() || chosen.contains(lab));
    }

}
