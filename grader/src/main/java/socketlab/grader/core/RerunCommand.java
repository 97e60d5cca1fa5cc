package socketlab.grader.core;

/**
 * The one way the kit writes a command that runs again: one that grades (feedback, reports and class grading use
 * it) or one that repeats an experiment (its summary, and the hint when the grader is asked for one).
 */
public final class RerunCommand {

    /** The kit's short grading command: the {@code grade} script in the kit's root ({@code grade.cmd} on Windows). */
    public static final String GRADE = "./grade";
    /** The kit's command line in full, up to the opening quote of its arguments (what {@link #GRADE} runs). */
    public static final String KIT = "./mvnw -q -pl grader -am compile exec:exec -Dkit=\"";
    /** The experiments' command line (a module of its own, grader/experiments), up to its arguments' opening quote. */
    public static final String EXPERIMENT = "./mvnw -q -pl grader/experiments -am compile exec:exec -Dexperiment=\"";

    private RerunCommand() {}

    /**
     * The command that grades {@code lab} (or the placeholder {@code {lab}}) of {@code submission} (null: the kit in
     * place): feedback appends {@code --test ID --seed N} with {@link #oneTest}.
     */
    public static String grading(String lab, String submission) {
        return GRADE + " " + lab + (submission == null || submission.isBlank() ? "" : " --submission " + submission);
    }

    /** The command that runs the experiment command with {@code arguments}, e.g. {@code transfer --seed 1}. */
    public static String experiment(String arguments) {
        return EXPERIMENT + arguments + "\"";
    }

    /**
     * {@code prefix} made into the command that reruns one test with one seed; a prefix in the long form
     * ({@link #KIT}{@code grade ...}) gets its closing quote.
     */
    public static String oneTest(String prefix, String testId, long seed) {
        boolean openQuote = prefix.chars().filter(c -> c == '"').count() % 2 == 1;
        return prefix + " --test " + testId + " --seed " + seed + (openQuote ? "\"" : "");
    }
}
