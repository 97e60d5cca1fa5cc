package socketlab.grader.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import socketlab.grader.distribution.StudentEdition;

/** {@code export-student --out DIR}: the kit as students get it. */
@Command(
        name = "export-student",
        mixinStandardHelpOptions = true,
        description = "Writes the student edition: the kit without solutions and hidden tests, with a GitHub Actions "
                + "workflow that grades each push.")
final class ExportStudentCommand implements Callable<Integer> {

    @Option(
            names = "--out",
            paramLabel = "DIR",
            required = true,
            description = "a new (or empty) folder for the student edition")
    private Path out;

    @Option(
            names = "--min-score",
            paramLabel = "PERCENT",
            description = "the GitHub Actions job fails when a push scores below this percentage (default: "
                    + "${DEFAULT-VALUE}: never)")
    private int minScore = 0;

    @Override
    public Integer call() throws Exception {
        Path kit = KitRoot.find();
        Path target = out.isAbsolute() ? out : kit.resolve(out);
        List<String> files = StudentEdition.export(kit, target.normalize(), minScore);
        System.out.println("Wrote the student edition (" + files.size() + " files, no solutions, no hidden tests) to "
                + target.normalize());
        System.out.println("Check it as a student would: cd " + target.normalize()
                + " && ./mvnw verify   (it grades the skeletons: 0 points)");
        return 0;
    }
}
