package socketlab.grader.harness;

/** Whether one of the grader's own clients puts what it sends and receives on the test's trace. */
public enum Recording {
    /** Every send and receive on the wire timeline and in the feedback: a test's one or two clients. */
    TRACED,
    /**
     * Nothing recorded: a crowd of clients (twenty or two hundred would drown the feedback), whose test writes one
     * summary line instead.
     */
    QUIET
}
