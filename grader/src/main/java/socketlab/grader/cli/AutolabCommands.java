package socketlab.grader.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import socketlab.grader.distribution.AutolabBundle;
import socketlab.grader.report.AutolabResults;
import socketlab.grader.report.Scoreboard;
import socketlab.grader.results.GradingReport;

/** Autolab (Tango): the autograding files, and the grading its Makefile runs. */
final class AutolabCommands {

    private AutolabCommands() {}

    @Command(
            name = "autolab-bundle",
            mixinStandardHelpOptions = true,
            description = "Writes Autolab's autograde-Makefile and autograde.tar (they grade with the kit's image, "
                    + "grader/docker/Dockerfile).")
    static final class Bundle implements Callable<Integer> {

        @Option(
                names = "--out",
                paramLabel = "DIR",
                description = "the folder to write them into (default: ${DEFAULT-VALUE})")
        private Path out = Path.of("grading-output", "autolab");

        @Parameters(
                arity = "0..*",
                paramLabel = "LAB",
                description = "the labs this assessment grades (default: every lab the handin has)")
        private List<String> labs = new ArrayList<>();

        @Option(names = "--test", paramLabel = "ID", description = "grade only this exercise (U1) or test; repeatable")
        private List<String> tests = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            Path kit = KitRoot.find();
            Path folder = (out.isAbsolute() ? out : kit.resolve(out)).normalize();
            AutolabBundle.write(folder, labs, tests);
            System.out.println("Wrote " + folder.resolve(AutolabBundle.MAKEFILE) + " and "
                    + folder.resolve(AutolabBundle.TARBALL) + ".");
            System.out.println("Put both in the assessment's folder; its autograding image is the kit's "
                    + "(grader/docker/Dockerfile);"
                    + " its problems are the exercises' ids (U1, U2, ... T1, ... M1, ...).");
            return 0;
        }
    }

    @Command(
            name = "autolab-grade",
            mixinStandardHelpOptions = true,
            description =
                    "Grades an Autolab handin: prints the scoreboard, then Autolab's JSON autoresult as the last line.")
    static final class Grade implements Callable<Integer> {

        @Parameters(
                index = "0",
                paramLabel = "HANDIN",
                description = "the handin: a folder, a .zip, or a folder of loose .java files")
        private Path handin;

        @Parameters(
                index = "1..*",
                arity = "0..*",
                paramLabel = "LAB",
                description = "the labs to grade (default: every lab the handin has)")
        private List<String> labs = new ArrayList<>();

        @Option(names = "--test", paramLabel = "ID", description = "grade only this exercise (U1) or test; repeatable")
        private List<String> tests = new ArrayList<>();

        @Option(
                names = "--time-limit",
                paramLabel = "SECONDS",
                description = "the most time grading may take (default: ${DEFAULT-VALUE})")
        private long timeLimit = 540;

        @Override
        public Integer call() {
            Duration cap = Duration.ofSeconds(timeLimit);
            GradingReport report;
            try {
                report = new UploadGrading(labs, tests, null, cap, cap, null)
                        .grade(KitRoot.find(), handin.toAbsolutePath().normalize());
            } catch (UploadGrading.BadUpload e) {
                System.out.println("Could not grade the handin: " + e.getMessage());
                System.out.println("{\"scores\": {}}");
                return 0;
            }
            System.out.print(Scoreboard.render(report));
            System.out.println(AutolabResults.autoresult(report));
            return 0;
        }
    }
}
