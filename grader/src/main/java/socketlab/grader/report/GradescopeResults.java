package socketlab.grader.report;

import com.google.gson.GsonBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import socketlab.grader.results.GradingReport;
import socketlab.grader.results.TestOutcome;

/**
 * {@code results.json} in Gradescope's autograder format: a top-level score and one entry per graded
 * test with its score, max_score, output and visibility (hidden tests show after the due date). The
 * feedback is Markdown ({@code output_format: "md"}): prose escaped, each failure's feedback in a code block,
 * so the wire traces keep their lines and nothing in them is read as formatting.
 */
public final class GradescopeResults {

    private GradescopeResults() {}

    public static String toJson(GradingReport report) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("score", report.points());
        root.put("execution_time", report.elapsed().toSeconds());
        root.put("output", Overview.of(report).asMarkdown());
        root.put("output_format", "md");
        root.put("visibility", "visible");
        root.put("stdout_visibility", "hidden");
        List<Map<String, Object>> tests = new ArrayList<>();
        for (TestOutcome test : report.tests()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", Reports.testTitle(test));
            entry.put("name_format", "text");
            entry.put("number", test.id());
            entry.put("score", test.points());
            // A bonus test has no maximum of its own: Gradescope then counts its score as extra credit.
            entry.put("max_score", test.countedMaxPoints());
            entry.put("status", test.passed() ? "passed" : "failed");
            entry.put("execution_time", test.millis() / 1000.0);
            entry.put(
                    "output",
                    test.passed() ? Markdown.text(Reports.passedLine(test)) : Markdown.codeBlock(test.feedback()));
            entry.put("output_format", "md");
            entry.put("tags", List.of(test.lab(), test.exercise()));
            entry.put("visibility", test.hidden() ? "after_due_date" : "visible");
            tests.add(entry);
        }
        root.put("tests", tests);
        return json(root);
    }

    /** Pretty JSON as the platforms read it: UTF-8 text as is, no HTML escapes. */
    static String json(Object root) {
        return new GsonBuilder()
                        .setPrettyPrinting()
                        .disableHtmlEscaping()
                        .create()
                        .toJson(root) + "\n";
    }
}
