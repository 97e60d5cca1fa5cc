package socketlab.grader.sandbox;

/** An object that lives in a student's JVM: the JVM, and the agent's handle for it. */
public record Remote(StudentJvm jvm, int handle) {}
