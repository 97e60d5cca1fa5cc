package socketlab.grader.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import socketlab.grader.distribution.GradescopeBundle;

/** {@code gradescope-bundle --out FILE}: the autograder zip to upload to Gradescope. */
@Command(
        name = "gradescope-bundle",
        mixinStandardHelpOptions = true,
        description = "Writes a Gradescope autograder zip (setup.sh, run_autograder, the kit with hidden tests).")
final class GradescopeCommand implements Callable<Integer> {

    @Option(names = "--out", paramLabel = "FILE", description = "the zip to write (default: ${DEFAULT-VALUE})")
    private Path out = Path.of("grading-output", "gradescope-autograder.zip");

    @Override
    public Integer call() throws Exception {
        Path kit = KitRoot.find();
        Path zip = (out.isAbsolute() ? out : kit.resolve(out)).normalize();
        List<String> files = GradescopeBundle.write(kit, zip);
        System.out.println("Wrote " + zip + " (setup.sh, run_autograder and " + files.size() + " kit files).");
        System.out.println("Upload it as the autograder of a Gradescope programming assignment (Ubuntu base image).");
        return 0;
    }
}
