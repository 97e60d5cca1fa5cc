package socketlab.grader.report;

import java.util.List;
import socketlab.grader.results.GradingReport;
import socketlab.grader.results.LabResult;
import socketlab.grader.results.LabStatus;
import socketlab.grader.results.TestOutcome;

/**
 * The console view: lab / exercise / test / points, one line each, with the first line of each failure, or, when
 * one test or exercise was graded, its whole feedback (what was sent, what came back, the seed, the rerun command).
 */
public final class Scoreboard {

    private static final int WIDTH = 78;

    private Scoreboard() {}

    /** The scoreboard with the first line of each failure (a whole lab or kit: the reports have the rest). */
    public static String render(GradingReport report) {
        return render(report, false);
    }

    /** The scoreboard; {@code fullFeedback}: each failure's whole feedback, for a run of one test or exercise. */
    public static String render(GradingReport report, boolean fullFeedback) {
        StringBuilder out = new StringBuilder();
        out.append("Socket Lab Kit — graded ").append(report.submission()).append('\n');
        out.append("Impairment backends: ").append(Reports.backends(report)).append('\n');
        String protections = Reports.protectionsLine(report);
        if (!protections.isEmpty()) {
            out.append(protections).append('\n');
        }
        out.append('\n');
        if (!report.notes().isBlank()) {
            out.append(report.notes().strip()).append("\n\n");
        }
        for (LabResult lab : report.labs()) {
            out.append(line(
                    lab.lab() + statusNote(lab),
                    Reports.points(lab.points()) + " / " + Reports.points(lab.maxPoints()),
                    0));
            for (List<TestOutcome> exercise : Reports.byExercise(lab.tests()).values()) {
                TestOutcome first = exercise.get(0);
                out.append(line(first.exercise() + "  " + first.exerciseTitle(), Reports.exerciseScore(exercise), 2));
                for (TestOutcome test : exercise) {
                    String mark = test.passed() ? "✓" : "✗";
                    out.append(line(
                            mark + " " + (test.hidden() ? "(hidden) " : "") + (test.bonus() ? "(bonus) " : "")
                                    + test.name(),
                            Reports.points(test.points()) + " / " + Reports.points(test.maxPoints()),
                            6));
                    if (!test.passed()) {
                        out.append(failure(test, fullFeedback));
                    }
                }
            }
            if (!lab.notes().isBlank()) {
                lab.notes()
                        .lines()
                        .limit(12)
                        .forEach(note -> out.append("    ").append(note).append('\n'));
            }
            out.append('\n');
        }
        double percent = report.percent();
        out.append(line("TOTAL", Reports.points(report.points()) + " / " + Reports.points(report.maxPoints()), 0)
                        .stripTrailing())
                .append(String.format("   (%.0f%%)%n", percent));
        out.append("Graded in ").append(report.elapsed().toSeconds()).append(" s.\n");
        return out.toString();
    }

    private static String statusNote(LabResult lab) {
        return lab.status() == LabStatus.OK ? "" : "  — " + lab.status().headline();
    }

    /** "failed: " and the feedback's first line, or its every line. */
    private static String failure(TestOutcome test, boolean fullFeedback) {
        String indent = " ".repeat(10);
        if (!fullFeedback || test.feedback() == null || test.feedback().isBlank()) {
            return indent + test.status().label() + ": " + Reports.firstLine(test.feedback(), WIDTH - 20) + '\n';
        }
        StringBuilder out =
                new StringBuilder(indent).append(test.status().label()).append(":\n");
        test.feedback()
                .strip()
                .lines()
                .forEach(feedbackLine ->
                        out.append(indent).append("  ").append(feedbackLine).append('\n'));
        return out.toString();
    }

    private static String line(String label, String score, int indent) {
        String left = " ".repeat(indent) + label;
        int room = WIDTH - score.length() - 1;
        if (left.length() > room) {
            left = left.substring(0, room - 1) + "…";
        }
        return left + " ".repeat(Math.max(1, WIDTH - left.length() - score.length())) + score + '\n';
    }
}
