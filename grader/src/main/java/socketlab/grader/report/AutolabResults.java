package socketlab.grader.report;

import com.google.gson.Gson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import socketlab.grader.results.GradingReport;

/**
 * Autolab's autoresult (its "Guide for Lab Authors", autolab/docs docs/lab.md): one JSON line, the last of the
 * autograder's output, {@code {"scores": {...}, "scoreboard": [...]}}. Each exercise is a problem named by its id
 * (U1, T3, M2: the assessment's problems must have these names); the scoreboard's columns are the total, then
 * the exercises in the same order.
 */
public final class AutolabResults {

    private AutolabResults() {}

    public static String autoresult(GradingReport report) {
        Map<String, Double> scores = new LinkedHashMap<>();
        report.exerciseTotals()
                .forEach((labAndExercise, totals) -> scores.merge(
                        labAndExercise.substring(labAndExercise.indexOf(' ') + 1), totals[0], Double::sum));
        List<Double> scoreboard = new ArrayList<>();
        scoreboard.add(report.points());
        scoreboard.addAll(scores.values());
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("scores", scores);
        root.put("scoreboard", scoreboard);
        return new Gson().toJson(root);
    }
}
