package socketlab.grader.core;

import java.util.Arrays;

/**
 * Makes an exception that kills one of the student's threads part of the test's feedback (installed
 * once per grading JVM). A server's connection threads are not its serve() loop, so nothing else would notice:
 * the client just sees its connection closed. Their trace is the test's (threads inherit it from the
 * server-under-test thread that starts them), so "TODO 4 not implemented" in a connection thread
 * becomes the feedback's "Not written yet" line. The JVM's usual report still goes to System.err.
 */
public final class ThreadDeaths {

    private ThreadDeaths() {}

    /** A thread of the student's JVM died (the agent said so): the running test's feedback tells it. */
    public static void reportFromStudentJvm(String thread, Throwable e) {
        boolean theirs = Arrays.stream(e.getStackTrace())
                .anyMatch(frame -> frame.getClassName().startsWith("socketlab.")
                        && !frame.getClassName().startsWith("socketlab.grader."));
        Trace.running()
                .program((theirs ? "a thread of your server died: " : "a thread of your program died: ")
                        + e.getClass().getSimpleName() + ": " + e.getMessage());
    }

    public static void reportToTrace() {
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            boolean theirs = Arrays.stream(e.getStackTrace())
                    .anyMatch(frame -> frame.getClassName().startsWith("socketlab.")
                            && !frame.getClassName().startsWith("socketlab.grader."));
            Trace.current()
                    .program((theirs ? "a thread of your server died: " : "a thread died: ")
                            + e.getClass().getSimpleName() + ": " + e.getMessage());
            System.err.print("Exception in thread \"" + thread.getName() + "\" ");
            e.printStackTrace();
        });
    }
}
