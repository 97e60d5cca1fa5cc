package socketlab.grader.suites.threaded;

import java.util.Arrays;
import socketlab.grader.core.Trace;

/**
 * Makes an exception that kills one of the student's threads part of the test's feedback. A
 * multi-threaded server's connection threads are not its serve() loop, so nothing else would notice:
 * the client just sees its connection closed. Their trace is the test's (threads inherit it from the
 * server-under-test thread that starts them), so "TODO 4 not implemented" in a connection thread
 * becomes the feedback's "Not written yet" line. The JVM's usual report still goes to System.err.
 */
final class ThreadDeaths {

    private ThreadDeaths() {
    }

    static void reportToTrace() {
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            boolean theirs = Arrays.stream(e.getStackTrace()).anyMatch(frame -> frame.getClassName().startsWith("socketlab.")
                    && !frame.getClassName().startsWith("socketlab.grader."));
            Trace.current().program((theirs ? "a thread of your server died: " : "a thread died: ")
                    + e.getClass().getSimpleName() + ": " + e.getMessage());
            System.err.print("Exception in thread \"" + thread.getName() + "\" ");
            e.printStackTrace();
        });
    }
}
