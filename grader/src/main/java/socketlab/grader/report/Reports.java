package socketlab.grader.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import socketlab.grader.results.GradingReport;
import socketlab.grader.results.Points;
import socketlab.grader.results.TestOutcome;

/** Writes every report of a grading run into one folder, and the helpers the report views share. */
public final class Reports {

    public static final String RESULTS_JSON = "results.json";
    public static final String REPORT_MD = "report.md";
    public static final String REPORT_HTML = "report.html";

    private Reports() {}

    /**
     * Writes {@code results.json}, {@code report.md} and {@code report.html} into {@code folder}; appends the Markdown
     * to GitHub's job summary when there is one.
     */
    public static void write(GradingReport report, Path folder) {
        try {
            Files.createDirectories(folder);
            Files.writeString(folder.resolve(RESULTS_JSON), GradescopeResults.toJson(report), StandardCharsets.UTF_8);
            String markdown = MarkdownReport.render(report);
            Files.writeString(folder.resolve(REPORT_MD), markdown, StandardCharsets.UTF_8);
            Files.writeString(folder.resolve(REPORT_HTML), HtmlReport.render(report), StandardCharsets.UTF_8);
            Captures.write(report, folder);
            String summary = System.getenv("GITHUB_STEP_SUMMARY");
            if (summary != null && !summary.isBlank()) {
                Files.writeString(
                        Path.of(summary),
                        markdown + "\n",
                        StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the reports into " + folder + ": " + e.getMessage(), e);
        }
    }

    static String backends(GradingReport report) {
        return report.backends().isEmpty()
                ? "none used (no test needed an impaired network)"
                : String.join("; ", report.backends());
    }

    /** ", through TCP: Toxiproxy, embedded engine" for a test whose traffic an impairment backend carried, else "". */
    static String carriedBy(TestOutcome test) {
        return test.backends().isEmpty() ? "" : ", through " + String.join(" and ", test.backends());
    }

    /**
     * "Protections: …" (what the sandbox protected while the student's programs ran), one line without its
     * line break; empty when the report names none, and then every view leaves the line out.
     */
    static String protectionsLine(GradingReport report) {
        return report.protections().isEmpty() ? "" : "Protections: " + String.join("; ", report.protections());
    }

    /** A test as a platform lists it: "lab-udp U1 Uppercase over UDP: the server answers in upper case". */
    static String testTitle(TestOutcome test) {
        return test.lab() + " " + test.exercise() + " " + test.exerciseTitle() + ": " + test.name();
    }

    /** What a platform says of a test that passed: "Passed, through TCP: Toxiproxy, embedded engine." */
    static String passedLine(TestOutcome test) {
        return "Passed" + carriedBy(test) + ".";
    }

    static String points(double points) {
        return Points.format(points);
    }

    /** An exercise's score: "7 / 10", or "bonus: 2 of 6" for a bonus exercise (its points count toward no maximum). */
    static String exerciseScore(List<TestOutcome> tests) {
        double points = tests.stream().mapToDouble(TestOutcome::points).sum();
        double max = tests.stream().mapToDouble(TestOutcome::countedMaxPoints).sum();
        double bonus = tests.stream()
                .filter(TestOutcome::bonus)
                .mapToDouble(TestOutcome::maxPoints)
                .sum();
        return max == 0 && bonus > 0
                ? "bonus: " + points(points) + " of " + points(bonus)
                : points(points) + " / " + points(max);
    }

    /** Each exercise's tests, in order of appearance, keyed "lab-udp U1". */
    static Map<String, List<TestOutcome>> byExercise(List<TestOutcome> tests) {
        Map<String, List<TestOutcome>> exercises = new LinkedHashMap<>();
        tests.forEach(test -> exercises
                .computeIfAbsent(test.lab() + " " + test.exercise(), key -> new ArrayList<>())
                .add(test));
        return exercises;
    }

    static String firstLine(String text, int max) {
        String first = text == null ? "" : text.strip().lines().findFirst().orElse("");
        return first.length() <= max ? first : first.substring(0, max - 1) + "…";
    }
}
