package socketlab.grader.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import socketlab.grader.batch.ClassGrading;
import socketlab.grader.core.Lab;
import socketlab.grader.run.GradingOptions;

/** {@code grade-class FOLDER}: grade every submission in a folder into a gradebook. */
@Command(name = "grade-class", mixinStandardHelpOptions = true,
        description = "Grades every submission in a folder (sub-folders or .zip files) into gradebook.csv and per-student reports.")
final class GradeClassCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FOLDER", description = "one sub-folder or .zip per student: a copy of the kit, or just its lab-* folders")
    private Path submissions;

    @Option(names = "--out", paramLabel = "DIR", description = "where gradebook.csv and the reports go (default: ${DEFAULT-VALUE})")
    private Path out = Path.of("grading-output", "class");

    @Option(names = "--jobs", paramLabel = "N", description = "submissions graded at once (default: the number of cores)")
    private int jobs = Runtime.getRuntime().availableProcessors();

    @Option(names = "--lab", paramLabel = "LAB", description = "grade only this lab (repeatable; default: every lab a submission has)")
    private List<String> labs = new ArrayList<>();

    @Option(names = "--lab-cap", paramLabel = "SECONDS", description = "the most time one lab of one submission may take (default: ${DEFAULT-VALUE})")
    private long labCap = 600;

    @Option(names = "--submission-cap", paramLabel = "SECONDS", description = "the most time one submission may take in all (default: ${DEFAULT-VALUE})")
    private long submissionCap = 1200;

    @Override
    public Integer call() {
        Path kit = KitRoot.find();
        Path folder = (submissions.isAbsolute() ? submissions : kit.resolve(submissions)).normalize();
        if (!Files.isDirectory(folder)) {
            throw new ParameterException(spec.commandLine(), "no such folder: " + folder);
        }
        if (jobs < 1) {
            throw new ParameterException(spec.commandLine(), "--jobs must be at least 1");
        }
        for (String lab : labs) {
            if (Lab.named(lab).isEmpty()) {
                throw new ParameterException(spec.commandLine(), Lab.unknown(lab));
            }
        }
        GradingOptions template = new GradingOptions(kit, folder, labs, List.of(), null, Duration.ofSeconds(labCap),
                Duration.ofSeconds(submissionCap), "", KitRoot.forwardedProperties());
        Path reports = out.isAbsolute() ? out : kit.resolve(out);
        new ClassGrading(template, jobs, System.out, System.console() != null).run(folder, reports);
        return 0;
    }
}
