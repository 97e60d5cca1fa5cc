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
import socketlab.grader.batch.ClassMerge;
import socketlab.grader.batch.Shard;
import socketlab.grader.core.Lab;
import socketlab.grader.run.GradingOptions;

/** {@code grade-class FOLDER}: grade every submission in a folder (or one shard of them) into a gradebook. */
@Command(
        name = "grade-class",
        mixinStandardHelpOptions = true,
        subcommands = GradeClassCommand.Merge.class,
        description = {
            "Grades every submission in a folder (sub-folders or .zip files) into gradebook.csv, summary.txt and "
                    + "per-student reports.",
            "On a cluster: each of N machines grades --shard I/N into a folder of its own, then `grade-class merge "
                    + "OUT SHARD_OUT...` "
                    + "joins them into one gradebook, the same as one run's."
        })
final class GradeClassCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "FOLDER",
            description = "one sub-folder or .zip per student: a copy of the kit, or just its lab-* folders")
    private Path submissions;

    @Option(
            names = "--shard",
            paramLabel = "I/N",
            description =
                    "grade only slice I of N (I from 0 to N-1); a submission's slice " + "depends on its name only")
    private String shard = "0/1";

    @Option(
            names = "--test",
            paramLabel = "ID",
            description = "grade only this exercise (U1), test (U1.repliesInUpperCase) or method; repeatable")
    private List<String> tests = new ArrayList<>();

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "where gradebook.csv and the reports go (default: ${DEFAULT-VALUE})")
    private Path out = Path.of("grading-output", "class");

    @Option(
            names = "--jobs",
            paramLabel = "N",
            description = "submissions graded at once (default: the number of cores)")
    private int jobs = Runtime.getRuntime().availableProcessors();

    @Option(
            names = "--lab",
            paramLabel = "LAB",
            description = "grade only this lab (repeatable; default: every lab a submission has)")
    private List<String> labs = new ArrayList<>();

    @Option(
            names = "--lab-cap",
            paramLabel = "SECONDS",
            description = "the most time one lab of one submission may take (default: ${DEFAULT-VALUE})")
    private long labCap = 600;

    @Option(
            names = "--submission-cap",
            paramLabel = "SECONDS",
            description = "the most time one submission may take in all (default: ${DEFAULT-VALUE})")
    private long submissionCap = 1200;

    @Override
    public Integer call() {
        Path kit = KitRoot.find();
        if (submissions == null) {
            throw new ParameterException(
                    spec.commandLine(), "name the class folder to grade (or `grade-class merge OUT SHARD_OUT...`)");
        }
        Shard slice;
        try {
            slice = Shard.parse(shard);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--shard: " + e.getMessage());
        }
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
        GradingOptions template = new GradingOptions(
                kit,
                folder,
                labs,
                tests,
                null,
                Duration.ofSeconds(labCap),
                Duration.ofSeconds(submissionCap),
                "",
                KitRoot.forwardedProperties());
        Path reports = out.isAbsolute() ? out : kit.resolve(out);
        new ClassGrading(template, jobs, System.out, System.console() != null).run(folder, reports, slice);
        return 0;
    }

    /** {@code grade-class merge OUT SHARD_OUT...}: one gradebook and summary from the shards' output folders. */
    @Command(
            name = "merge",
            mixinStandardHelpOptions = true,
            description =
                    "Joins the output folders of grade-class --shard runs into OUT: the reports, one gradebook.csv "
                            + "and summary.txt.")
    static final class Merge implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @Parameters(
                index = "0",
                paramLabel = "OUT",
                description = "the folder to write the merged gradebook and reports into")
        private Path out;

        @Parameters(
                index = "1..*",
                arity = "1..*",
                paramLabel = "SHARD_OUT",
                description = "the --out folder of each shard, every one of 0..N-1")
        private List<Path> shards = new ArrayList<>();

        @Override
        public Integer call() {
            Path kit = KitRoot.find();
            try {
                System.out.print(ClassMerge.merge(
                        resolve(kit, out),
                        shards.stream().map(shard -> resolve(kit, shard)).toList()));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            return 0;
        }

        private static Path resolve(Path kit, Path path) {
            return (path.isAbsolute() ? path : kit.resolve(path)).normalize();
        }
    }
}
