package socketlab.grader.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import socketlab.grader.results.GradingReport;
import socketlab.grader.results.LabResult;
import socketlab.grader.results.LabStatus;
import socketlab.grader.results.TestOutcome;

/**
 * {@code results.json} in PrairieLearn's external grading format (docs/externalGrading.md, "Grading results",
 * in PrairieLearn/PrairieLearn): {@code score} from 0 to 1; {@code tests}, each with {@code name},
 * {@code description}, {@code points}, {@code max_points}, {@code message} and {@code output}, as the
 * {@code <pl-external-grader-results>} element shows them; {@code gradable: false} with {@code format_errors}
 * when no lab could run (it did not compile, or nothing in the upload belongs to a lab): PrairieLearn then
 * awards and takes no points and does not count the attempt.
 * <p>PrairieLearn shows every test to the student at once, so the instructor's hidden tests count in the score but
 * show as one entry per lab, without their names or feedback.
 */
public final class PrairieLearnResults {

    private PrairieLearnResults() {}

    public static String toJson(GradingReport report) {
        Overview overview = Overview.of(report);
        Map<String, Object> root = new LinkedHashMap<>();
        if (!gradable(report)) {
            root.put("gradable", false);
            List<String> errors = new ArrayList<>();
            if (!overview.notes().isEmpty()) {
                errors.add(overview.notes());
            }
            overview.labNotes().forEach(note -> errors.add(String.join(", ", note.labs()) + ": " + note.text()));
            root.put("format_errors", errors);
            root.put(
                    "message",
                    "Nothing could be graded, so this attempt does not count: "
                            + (errors.isEmpty() ? "no lab ran." : "see below."));
            root.put("output", overview.asText());
            return GradescopeResults.json(root);
        }
        root.put("gradable", true);
        root.put("score", score(report));
        root.put(
                "message",
                overview.headline()
                        + (report.points() > report.maxPoints()
                                ? " Bonus points above the maximum count as full marks here."
                                : ""));
        root.put("output", overview.asText());
        List<Map<String, Object>> tests = new ArrayList<>();
        for (LabResult lab : report.labs()) {
            for (TestOutcome test : lab.tests()) {
                if (!test.hidden()) {
                    tests.add(entry(
                            Reports.testTitle(test),
                            test.exerciseTitle(),
                            test.points(),
                            test.countedMaxPoints(),
                            test.passed()
                                    ? Reports.passedLine(test)
                                    : test.status().label() + ": " + Reports.firstLine(test.feedback(), 200),
                            test.passed() ? "" : test.feedback()));
                }
            }
            List<TestOutcome> hidden =
                    lab.tests().stream().filter(TestOutcome::hidden).toList();
            if (!hidden.isEmpty()) {
                tests.add(entry(
                        lab.lab() + ": the instructor's hidden tests",
                        hidden.size() + " tests you do not see",
                        hidden.stream().mapToDouble(TestOutcome::points).sum(),
                        hidden.stream()
                                .mapToDouble(TestOutcome::countedMaxPoints)
                                .sum(),
                        hidden.stream().filter(TestOutcome::passed).count() + " of " + hidden.size()
                                + " passed; their feedback is not shown.",
                        ""));
            }
        }
        root.put("tests", tests);
        return GradescopeResults.json(root);
    }

    /** A results.json for an upload that could not be graded at all, saying why: PrairieLearn counts no attempt. */
    public static String notGradable(String why) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("gradable", false);
        root.put("format_errors", List.of(why));
        root.put("message", why);
        return GradescopeResults.json(root);
    }

    /** Gradable unless no lab ran at all: each did not compile or is not in the upload. */
    static boolean gradable(GradingReport report) {
        return report.labs().stream()
                .anyMatch(lab -> lab.status() != LabStatus.COMPILE_ERROR && lab.status() != LabStatus.MISSING);
    }

    /** The share of the maximum scored, from 0 to 1 (bonus points can fill up what was lost, never go beyond 1). */
    static double score(GradingReport report) {
        if (report.maxPoints() <= 0) {
            return report.points() > 0 ? 1 : 0;
        }
        return Math.min(1, report.points() / report.maxPoints());
    }

    private static Map<String, Object> entry(
            String name, String description, double points, double maxPoints, String message, String output) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", name);
        entry.put("description", description);
        entry.put("points", points);
        entry.put("max_points", maxPoints);
        entry.put("message", message);
        entry.put("output", output);
        return entry;
    }
}
