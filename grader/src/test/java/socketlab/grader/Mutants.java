package socketlab.grader;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import socketlab.grader.core.GradingContext;
import socketlab.grader.results.GradingReport;
import socketlab.grader.results.TestOutcome;
import socketlab.grader.run.Grading;
import socketlab.grader.run.GradingOptions;

/**
 * Grading one-bug copies of the solutions ({@link PatchedSubmission}) and checking which tests took their points.
 * The seeds come from {@code -Dsocketlab.mutant.seeds=1,2,3} (default: each test's own seed), so that a class of bug
 * can be shown to lose its points whatever the seed.
 */
public final class Mutants {

    public static final String SEEDS_PROPERTY = "socketlab.mutant.seeds";
    /**
     * Set ({@code -Dsocketlab.mutants=all}) to grade every mutant; without it the build grades the ones that fit its
     * time
     * budget ({@link #all()}), and the rest are skipped.
     */
    public static final String ALL_PROPERTY = "socketlab.mutants";

    private Mutants() {}

    /** True when every mutant is to be graded ({@link #ALL_PROPERTY}), not only the build's own few. */
    public static boolean all() {
        return "all".equals(System.getProperty(ALL_PROPERTY));
    }

    /** The seeds to grade with; null stands for each test's own seed. */
    public static List<Long> seeds() {
        String seeds = System.getProperty(SEEDS_PROPERTY, "");
        if (seeds.isBlank()) {
            return Arrays.asList((Long) null);
        }
        return Arrays.stream(seeds.split(","))
                .map(String::trim)
                .map(Long::valueOf)
                .toList();
    }

    /**
     * Grades {@code tests} of {@code lab} in {@code submission} once for each of {@link #seeds()}, and checks each
     * report.
     */
    public static void gradeWithEverySeed(
            PatchedSubmission submission,
            String lab,
            List<String> tests,
            java.util.function.Consumer<GradingReport> check) {
        for (Long seed : seeds()) {
            check.accept(grade(submission.root(), lab, tests, seed));
        }
    }

    /** Grades {@code tests} of {@code lab} in {@code submission}, with {@code seed} (null: each test's own). */
    public static GradingReport grade(Path submission, String lab, List<String> tests, Long seed) {
        System.out.println("[mutants] grading " + submission.getFileName() + " " + lab + " " + tests
                + (seed == null ? "" : " with seed " + seed + " (replay with -D" + SEEDS_PROPERTY + "=" + seed + ")"));
        GradingOptions options = new GradingOptions(
                KitPaths.root(),
                submission,
                List.of(lab),
                tests,
                seed,
                Duration.ofMinutes(4),
                Duration.ofMinutes(4),
                "",
                Map.of(GradingContext.TIMEOUT_CAP_PROPERTY, "45"));
        return new Grading(options, line -> System.out.println("  … " + line)).run();
    }

    public static TestOutcome outcome(GradingReport report, String id) {
        return report.tests().stream()
                .filter(t -> t.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new AssertionError(id + " was not graded"));
    }

    /** The test took every point, and its feedback says {@code mentions}. */
    public static void assertLost(GradingReport report, String id, String... mentions) {
        TestOutcome test = outcome(report, id);
        assertThat(test.points())
                .as(id + " must take the points of a submission with the bug it is aimed at:\n" + test.feedback())
                .isZero();
        for (String mention : mentions) {
            assertThat(test.feedback()).as(id + "'s feedback").contains(mention);
        }
    }

    /** The test's feedback says none of {@code wrongSide}: what it blames is the side that has the bug. */
    public static void assertNotBlaming(GradingReport report, String id, String... wrongSide) {
        TestOutcome test = outcome(report, id);
        for (String words : wrongSide) {
            assertThat(test.feedback())
                    .as(id + "'s feedback must not blame the side without the bug")
                    .doesNotContain(words);
        }
    }

    /** The test kept its points: the bug is not its business. */
    public static void assertKept(GradingReport report, String id) {
        TestOutcome test = outcome(report, id);
        assertThat(test.passed())
                .as(id + " must not take points for a bug that is another test's business:\n" + test.feedback())
                .isTrue();
    }
}
