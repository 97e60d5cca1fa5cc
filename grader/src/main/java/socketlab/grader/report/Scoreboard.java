package socketlab.grader.report;

import java.util.List;
import socketlab.grader.results.GradingReport;
import socketlab.grader.results.LabResult;
import socketlab.grader.results.LabStatus;
import socketlab.grader.results.TestOutcome;

/** The console view: lab / exercise / test / points, one line each, with the first line of each failure. */
public final class Scoreboard {

    private static final int WIDTH = 78;

    private Scoreboard() {
    }

    public static String render(GradingReport report) {
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
            out.append(line(lab.lab() + statusNote(lab), lab.points(), lab.maxPoints(), 0));
            String exercise = null;
            for (TestOutcome test : lab.tests()) {
                if (!test.exercise().equals(exercise)) {
                    exercise = test.exercise();
                    double[] totals = exerciseTotals(lab.tests(), exercise);
                    out.append(line(exercise + "  " + test.exerciseTitle(), totals[0], totals[1], 2));
                }
                String mark = test.passed() ? "✓" : "✗";
                out.append(line(mark + " " + (test.hidden() ? "(hidden) " : "") + (test.bonus() ? "(bonus) " : "") + test.name(), test.points(), test.maxPoints(), 6));
                if (!test.passed()) {
                    out.append("          ").append(test.status().label()).append(": ").append(Reports.firstLine(test.feedback(), WIDTH - 20)).append('\n');
                }
            }
            if (!lab.notes().isBlank()) {
                lab.notes().lines().limit(12).forEach(note -> out.append("    ").append(note).append('\n'));
            }
            out.append('\n');
        }
        double percent = report.maxPoints() == 0 ? 0 : 100 * report.points() / report.maxPoints();
        out.append(line("TOTAL", report.points(), report.maxPoints(), 0).stripTrailing())
                .append(String.format("   (%.0f%%)%n", percent));
        out.append("Graded in ").append(report.elapsed().toSeconds()).append(" s.\n");
        return out.toString();
    }

    private static String statusNote(LabResult lab) {
        return lab.status() == LabStatus.OK ? "" : "  — " + lab.status().headline();
    }

    private static double[] exerciseTotals(List<TestOutcome> tests, String exercise) {
        double[] totals = new double[2];
        tests.stream().filter(t -> t.exercise().equals(exercise)).forEach(t -> {
            totals[0] += t.points();
            totals[1] += t.countedMaxPoints();
        });
        return totals;
    }

    private static String line(String label, double points, double max, int indent) {
        String score = Reports.points(points) + " / " + Reports.points(max);
        String left = " ".repeat(indent) + label;
        int room = WIDTH - score.length() - 1;
        if (left.length() > room) {
            left = left.substring(0, room - 1) + "…";
        }
        return left + " ".repeat(Math.max(1, WIDTH - left.length() - score.length())) + score + '\n';
    }
}
