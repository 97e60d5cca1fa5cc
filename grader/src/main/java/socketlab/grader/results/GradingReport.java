package socketlab.grader.results;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one grading run found: what was graded, with which impairment backends, and each lab's
 * tests. The reports (console, Markdown, Gradescope JSON) are views of this.
 */
public record GradingReport(String submission, List<String> backends, List<LabResult> labs, Duration elapsed) {

    public double points() {
        return labs.stream().mapToDouble(LabResult::points).sum();
    }

    public double maxPoints() {
        return labs.stream().mapToDouble(LabResult::maxPoints).sum();
    }

    public List<TestOutcome> tests() {
        List<TestOutcome> all = new ArrayList<>();
        labs.forEach(lab -> all.addAll(lab.tests()));
        return all;
    }

    /** Points per exercise, in order of appearance: "lab-udp U1" → {points, max}. */
    public Map<String, double[]> exerciseTotals() {
        Map<String, double[]> totals = new LinkedHashMap<>();
        for (TestOutcome test : tests()) {
            double[] sum = totals.computeIfAbsent(test.lab() + " " + test.exercise(), key -> new double[2]);
            sum[0] += test.points();
            sum[1] += test.countedMaxPoints();
        }
        return totals;
    }
}
