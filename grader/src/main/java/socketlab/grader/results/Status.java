package socketlab.grader.results;

/** How one graded test ended. */
public enum Status {
    PASSED("passed"),
    FAILED("failed"),
    TIMED_OUT("timed out"),
    /** The grading JVM died during the test: System.exit, a crash, or it was stopped for running too long. */
    CRASHED("crashed"),
    /** Never ran: the lab did not compile, or the grading time cap was reached first. */
    NOT_RUN("not run");

    private final String label;

    Status(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
