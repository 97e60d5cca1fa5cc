package socketlab.grader.results;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one grading run found: what was graded, with which impairment backends, and each lab's
 * tests; {@code notes} are about the submission as a whole (blank when there is nothing to say). The reports
 * (console, Markdown, HTML, Gradescope JSON) are views of this.
 */
public record GradingReport(
        String submission,
        List<String> backends,
        List<LabResult> labs,
        Duration elapsed,
        String notes,
        List<String> protections) {

    public GradingReport(String submission, List<String> backends, List<LabResult> labs, Duration elapsed) {
        this(submission, backends, labs, elapsed, "", List.of());
    }

    public GradingReport {
        protections = protections == null ? List.of() : List.copyOf(protections);
    }

    /** The same report, shown as {@code submission}, with {@code notes} about it. */
    public GradingReport describedAs(String submission, String notes) {
        return new GradingReport(submission, backends, labs, elapsed, notes, protections);
    }

    public double points() {
        return labs.stream().mapToDouble(LabResult::points).sum();
    }

    public double maxPoints() {
        return labs.stream().mapToDouble(LabResult::maxPoints).sum();
    }

    /** The score as a percentage of the maximum (0 when there is no maximum). */
    public double percent() {
        return maxPoints() == 0 ? 0 : 100 * points() / maxPoints();
    }

    /** The same report with a note put first in the notes of each lab named in {@code notes}. */
    public GradingReport withLabNotes(Map<String, String> notes) {
        return new GradingReport(
                submission,
                backends,
                labs.stream()
                        .map(lab -> notes.containsKey(lab.lab()) ? lab.withNoteFirst(notes.get(lab.lab())) : lab)
                        .toList(),
                elapsed,
                this.notes,
                protections);
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
