package socketlab.grader.core;

/** The one way the kit writes a command that grades again: feedback, reports and class grading all use it. */
public final class RerunCommand {

    /** The kit's command line, up to the opening quote of its arguments. */
    public static final String KIT = "./mvnw -q -pl grader -am compile exec:exec -Dkit=\"";

    private RerunCommand() {
    }

    /**
     * The command that grades {@code lab} (or the placeholder {@code {lab}}) of {@code submission} (null: the kit in
     * place), without the closing quote: feedback appends {@code --test ID --seed N"}.
     */
    public static String grading(String lab, String submission) {
        return KIT + "grade " + lab + (submission == null || submission.isBlank() ? "" : " --submission " + submission);
    }

    /** {@code prefix} made into the command that reruns one test with one seed. */
    public static String oneTest(String prefix, String testId, long seed) {
        return prefix + " --test " + testId + " --seed " + seed + "\"";
    }
}
