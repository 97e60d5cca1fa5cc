package socketlab.grader.core;

/** A graded test that failed or ran out of time; its message is the student's feedback. */
public final class GradedFailure extends AssertionError {

    private static final long serialVersionUID = 1L;

    private final boolean timedOut;

    GradedFailure(String feedback, boolean timedOut, Throwable cause) {
        super(feedback, cause);
        this.timedOut = timedOut;
    }

    public boolean timedOut() {
        return timedOut;
    }
}
