package socketlab.grader.results;

/** How the grading of one lab as a whole went (each test has its own {@link Status}). */
public enum LabStatus {
    OK("ok", ""),
    /** The lab's sources did not compile: every test scores 0, with the compiler's messages. */
    COMPILE_ERROR("compile-error", "DOES NOT COMPILE"),
    /** The lab's grading time cap ran out before every test had run. */
    TIMEOUT("timeout", "grading time cap reached"),
    /** The test JVM could not start at all. */
    CRASHED("crashed", "the grading JVM could not start"),
    /** The submission has no folder for this lab. */
    MISSING("missing", "not in the submission");

    private final String label;
    private final String headline;

    LabStatus(String label, String headline) {
        this.label = label;
        this.headline = headline;
    }

    /** The status as the gradebook and the reports name it: ok, compile-error, timeout, crashed, missing. */
    public String label() {
        return label;
    }

    /** What the scoreboard says after a lab's points (empty when all went well). */
    public String headline() {
        return headline;
    }
}
