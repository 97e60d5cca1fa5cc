package socketlab.grader.report;

import com.google.gson.GsonBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import socketlab.grader.results.GradingReport;
import socketlab.grader.results.LabResult;
import socketlab.grader.results.TestOutcome;

/**
 * {@code results.json} in Gradescope's autograder format: a top-level score and one entry per graded
 * test with its score, max_score, output and visibility (hidden tests show after the due date).
 */
public final class GradescopeResults {

    private GradescopeResults() {
    }

    public static String toJson(GradingReport report) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("score", report.points());
        root.put("execution_time", report.elapsed().toSeconds());
        StringBuilder output = new StringBuilder("Graded by Socket Lab Kit: " + Reports.points(report.points()) + " / "
                + Reports.points(report.maxPoints()) + ". Impairment backends: " + Reports.backends(report) + ".");
        String protections = Reports.protectionsLine(report);
        if (!protections.isEmpty()) {
            output.append('\n').append(protections).append(protections.endsWith(".") ? "" : ".");
        }
        if (!report.notes().isBlank()) {
            output.append("\n\n").append(report.notes().strip());
        }
        // How the upload was read, or why a lab could not run: students see it first (once for labs that share it).
        Map<String, List<String>> labsByNote = new LinkedHashMap<>();
        for (LabResult lab : report.labs()) {
            if (!lab.notes().isBlank()) {
                labsByNote.computeIfAbsent(lab.notes().strip(), note -> new ArrayList<>()).add(lab.lab());
            }
        }
        labsByNote.forEach((note, labs) -> output.append("\n\n").append(String.join(", ", labs)).append(": ")
                .append(note.length() <= 3000 ? note : note.substring(0, 2999) + "…"));
        root.put("output", output.toString());
        root.put("output_format", "text");
        root.put("visibility", "visible");
        root.put("stdout_visibility", "hidden");
        List<Map<String, Object>> tests = new ArrayList<>();
        for (TestOutcome test : report.tests()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", test.lab() + " " + test.exercise() + " " + test.exerciseTitle() + ": " + test.name());
            entry.put("name_format", "text");
            entry.put("number", test.id());
            entry.put("score", test.points());
            // A bonus test has no maximum of its own: Gradescope then counts its score as extra credit.
            entry.put("max_score", test.countedMaxPoints());
            entry.put("status", test.passed() ? "passed" : "failed");
            entry.put("execution_time", test.millis() / 1000.0);
            entry.put("output", test.passed() ? "Passed" + Reports.carriedBy(test) + "." : test.feedback());
            entry.put("output_format", "text");
            entry.put("tags", List.of(test.lab(), test.exercise()));
            entry.put("visibility", test.hidden() ? "after_due_date" : "visible");
            tests.add(entry);
        }
        root.put("tests", tests);
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(root) + "\n";
    }
}
