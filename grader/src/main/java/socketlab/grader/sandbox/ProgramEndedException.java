package socketlab.grader.sandbox;

/**
 * The student's JVM ended, was stopped, or broke the channel while a call was waiting for it: the
 * student's program failed the test, in words for the student (never "the grader could not run it").
 */
public final class ProgramEndedException extends IllegalStateException {

    public ProgramEndedException(String message) {
        super(message);
    }
}
