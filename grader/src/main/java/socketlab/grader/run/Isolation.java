package socketlab.grader.run;

/** Where the student's classes run while their suites do. */
public enum Isolation {
    /** In a JVM of their own, reached through stand-ins: what grading always does. */
    SEPARATE_JVM,
    /** In the test JVM itself, as the kit once graded: only for measuring what isolation costs (bench-grading). */
    SHARED_JVM
}
