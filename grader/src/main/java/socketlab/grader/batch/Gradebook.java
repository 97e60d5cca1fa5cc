package socketlab.grader.batch;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import socketlab.grader.results.LabResult;

/**
 * {@code gradebook.csv}: one row per student; a column per lab and per exercise, the total and the status. Nothing in
 * it depends on when or where grading ran (how long each took is in the summary and the student's report), so the
 * same submissions give the same bytes, graded in one run or in shards.
 */
public final class Gradebook {

    private Gradebook() {}

    public static String csv(List<StudentResult> students) {
        Set<String> labs = new LinkedHashSet<>();
        Set<String> exercises = new LinkedHashSet<>();
        for (StudentResult student : students) {
            if (student.report() != null) {
                student.report().labs().forEach(lab -> labs.add(lab.lab()));
                exercises.addAll(student.report().exerciseTotals().keySet());
            }
        }
        List<String> header = new ArrayList<>(List.of("student", "status", "total", "max"));
        labs.forEach(header::add);
        exercises.forEach(e -> header.add(e.replace(' ', ':')));
        header.add("notes");
        StringBuilder csv = new StringBuilder(String.join(",", header)).append('\n');
        for (StudentResult student : students) {
            List<String> row = new ArrayList<>(List.of(
                    cell(student.submission().name()),
                    student.status(),
                    number(student.points()),
                    number(student.maxPoints())));
            Map<String, double[]> totals =
                    student.report() == null ? Map.of() : student.report().exerciseTotals();
            for (String lab : labs) {
                row.add(
                        student.report() == null
                                ? "0"
                                : student.report().labs().stream()
                                        .filter(l -> l.lab().equals(lab))
                                        .findFirst()
                                        .map(LabResult::points)
                                        .map(Gradebook::number)
                                        .orElse("0"));
            }
            for (String exercise : exercises) {
                row.add(totals.containsKey(exercise) ? number(totals.get(exercise)[0]) : "0");
            }
            row.add(cell(student.notes()));
            csv.append(String.join(",", row)).append('\n');
        }
        return csv.toString();
    }

    private static String number(double value) {
        return value == Math.rint(value)
                ? String.valueOf((long) value)
                : String.format(java.util.Locale.ROOT, "%.2f", value);
    }

    /** A CSV cell: quoted when needed, and never read as a formula by a spreadsheet. */
    static String cell(String text) {
        String safe = text == null ? "" : text.replace('\n', ' ');
        if (!safe.isEmpty() && "=+-@".indexOf(safe.charAt(0)) >= 0) {
            safe = "'" + safe;
        }
        return safe.contains(",") || safe.contains("\"") ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
    }
}
