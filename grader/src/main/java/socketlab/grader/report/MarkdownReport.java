package socketlab.grader.report;

import java.util.List;
import java.util.Map;
import socketlab.grader.results.GradingReport;
import socketlab.grader.results.LabResult;
import socketlab.grader.results.LabStatus;
import socketlab.grader.results.TestOutcome;

/** {@code report.md}: the scoreboard as tables, then the full feedback of every test that did not pass. */
public final class MarkdownReport {

    private MarkdownReport() {}

    public static String render(GradingReport report) {
        StringBuilder md = new StringBuilder();
        md.append("# Socket Lab Kit — grading report\n\n");
        md.append("**Score: ")
                .append(Reports.points(report.points()))
                .append(" / ")
                .append(Reports.points(report.maxPoints()))
                .append("**  \n");
        md.append("Graded: `")
                .append(report.submission())
                .append("` in ")
                .append(report.elapsed().toSeconds())
                .append(" s  \n");
        md.append("Impairment backends: ").append(Reports.backends(report));
        String protections = Reports.protectionsLine(report);
        if (!protections.isEmpty()) {
            md.append("  \n").append(protections);
        }
        md.append("\n\n");
        if (!report.notes().isBlank()) {
            md.append("> ").append(report.notes().strip().replace("\n", "\n> ")).append("\n\n");
        }

        md.append("| Lab | Exercise | Points |\n|---|---|---:|\n");
        for (Map.Entry<String, List<TestOutcome>> e :
                Reports.byExercise(report.tests()).entrySet()) {
            String[] parts = e.getKey().split(" ", 2);
            md.append("| ")
                    .append(parts[0])
                    .append(" | ")
                    .append(parts[1])
                    .append(" | ")
                    .append(Reports.exerciseScore(e.getValue()))
                    .append(" |\n");
        }
        for (LabResult lab : report.labs()) {
            md.append("\n## ")
                    .append(lab.lab())
                    .append(" — ")
                    .append(Reports.points(lab.points()))
                    .append(" / ")
                    .append(Reports.points(lab.maxPoints()))
                    .append(
                            lab.status() == LabStatus.OK
                                    ? ""
                                    : " (" + lab.status().label() + ")")
                    .append("\n\n");
            if (!lab.notes().isBlank()) {
                md.append("```\n").append(lab.notes().strip()).append("\n```\n\n");
            }
            md.append("| | Test | Points | Result |\n|---|---|---:|---|\n");
            for (TestOutcome test : lab.tests()) {
                md.append("| ")
                        .append(test.passed() ? "✅" : "❌")
                        .append(" | ")
                        .append(test.exercise())
                        .append(" ")
                        .append(escape(test.name()))
                        .append(" | ")
                        .append(Reports.points(test.points()))
                        .append(" / ")
                        .append(Reports.points(test.maxPoints()))
                        .append(" | ")
                        .append(test.status().label())
                        .append(escape(Reports.carriedBy(test)))
                        .append(" |\n");
            }
            for (TestOutcome test : lab.tests()) {
                if (!test.passed() && !test.feedback().isBlank()) {
                    md.append("\n### ❌ ")
                            .append(test.exercise())
                            .append(" — ")
                            .append(escape(test.name()))
                            .append("\n\n")
                            .append("```\n")
                            .append(test.feedback().strip().replace("```", "'''"))
                            .append("\n```\n");
                    if (Captures.exists(test)) {
                        md.append("\nCapture of what crossed the wire: [")
                                .append(Captures.path(test))
                                .append("](")
                                .append(Captures.path(test))
                                .append(") (open it in Wireshark)\n");
                    }
                }
            }
        }
        return md.toString();
    }

    private static String escape(String text) {
        return text.replace("|", "\\|");
    }
}
