package socketlab.grader.run;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import socketlab.grader.KitPaths;
import socketlab.grader.report.Reports;
import socketlab.grader.report.Scoreboard;
import socketlab.grader.results.GradingReport;

/** Grades a folder of the kit the way the command line does, and keeps its reports under target/. */
final class GradeKit {

    private GradeKit() {}

    static GradingReport grade(String submission) {
        return grade(submission, List.of());
    }

    static GradingReport grade(String submission, List<String> labs) {
        Path kit = KitPaths.root();
        Path folder = submission.isEmpty() ? kit : kit.resolve(submission);
        GradingOptions options = new GradingOptions(
                kit,
                folder,
                labs,
                List.of(),
                null,
                Duration.ofMinutes(10),
                Duration.ofMinutes(30),
                "./mvnw -q -pl grader -am compile exec:exec -Dkit=\"grade {lab}"
                        + (submission.isEmpty() ? "" : " --submission " + submission),
                Map.of());
        GradingReport report = new Grading(options, line -> System.out.println("  … " + line)).run();
        String name = (submission.isEmpty() ? "skeletons" : submission) + (labs.size() == 1 ? "-" + labs.get(0) : "");
        Reports.write(report, kit.resolve("grader/target/grading").resolve(name));
        System.out.println(Scoreboard.render(report));
        return report;
    }
}
