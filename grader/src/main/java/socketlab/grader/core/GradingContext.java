package socketlab.grader.core;

/**
 * How the current grading run was started, so feedback can say how to rerun one test. Set by the
 * grading worker from its command line; the defaults fit a student grading the kit in place.
 */
public final class GradingContext {

    /** Property with the command prefix that reruns a grading, e.g. {@code ./mvnw ... -Dkit="grade lab-udp}. */
    public static final String RERUN_PROPERTY = "socketlab.rerun";
    /** Property with a number of seconds no test's limit may exceed (for fast runs over misbehaving code). */
    public static final String TIMEOUT_CAP_PROPERTY = "socketlab.timeout.cap";
    /** Property with a seed that replaces every test's own seed. */
    public static final String SEED_PROPERTY = "socketlab.seed";

    private GradingContext() {}

    /** The seed for a test: the one given with --seed, or one derived from the test's id (stable from run to run). */
    public static long seedFor(String testId) {
        String forced = System.getProperty(SEED_PROPERTY);
        if (forced != null && !forced.isBlank()) {
            return Long.parseLong(forced.trim());
        }
        long h = 1125899906842597L;
        for (char c : testId.toCharArray()) {
            h = 31 * h + c;
        }
        return Math.abs(h % 1_000_000);
    }

    /** A test's hard limit: its own, or less if a cap was set for this run. */
    public static int timeoutSeconds(int own) {
        String cap = System.getProperty(TIMEOUT_CAP_PROPERTY);
        return cap == null || cap.isBlank() ? own : Math.min(own, Integer.parseInt(cap.trim()));
    }

    /** The command that reruns just this test with this seed. */
    public static String rerunCommand(String lab, String testId, long seed) {
        return RerunCommand.oneTest(System.getProperty(RERUN_PROPERTY, RerunCommand.grading(lab, null)), testId, seed);
    }
}
