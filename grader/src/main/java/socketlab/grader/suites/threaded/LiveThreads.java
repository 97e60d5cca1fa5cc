package socketlab.grader.suites.threaded;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Counts the threads a student's server leaves behind: a snapshot of the JVM's threads before the
 * server starts, compared with the live threads after it closed. The grader's own threads (the
 * server-under-test loop, client crowds, the Toxiproxy engine) are not counted.
 */
public final class LiveThreads {

    private static final List<String> GRADER_PREFIXES = List.of("server-under-test-", "close-", "grader-", "toxiproxy-embedded-",
            "graded-", "process reaper", "Attach Listener", "Common-Cleaner", "ForkJoinPool.commonPool");

    private final Set<Thread> before;

    private LiveThreads(Set<Thread> before) {
        this.before = before;
    }

    /** Takes the snapshot: threads alive now are not the student server's. */
    public static LiveThreads snapshot() {
        return new LiveThreads(Thread.getAllStackTraces().keySet());
    }

    /**
     * The threads started since the snapshot that are still alive, after giving each until
     * {@code deadlineNanos} to end (a pool's workers end just after awaitTermination() returns).
     */
    public List<Thread> leftBehind(long deadlineNanos) throws InterruptedException {
        List<Thread> alive = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (before.contains(t) || t == Thread.currentThread() || GRADER_PREFIXES.stream().anyMatch(t.getName()::startsWith)) {
                continue;
            }
            long left = (deadlineNanos - System.nanoTime()) / 1_000_000;
            if (left > 0) {
                t.join(left);
            }
            if (t.isAlive()) {
                alive.add(t);
            }
        }
        return alive;
    }

    /** "pool-1-thread-1 (in PooledTCPServer.serveClient(PooledTCPServer.java:95)), ..." */
    public static String describe(List<Thread> threads) {
        return threads.stream().map(t -> t.getName() + where(t)).collect(Collectors.joining(", "));
    }

    private static String where(Thread t) {
        StackTraceElement[] stack = t.getStackTrace();
        String program = Arrays.stream(stack)
                .filter(f -> f.getClassName().startsWith("socketlab.") && !f.getClassName().startsWith("socketlab.grader."))
                .findFirst()
                .map(f -> f.getClassName().substring(f.getClassName().lastIndexOf('.') + 1) + "." + f.getMethodName()
                        + "(" + f.getFileName() + ":" + f.getLineNumber() + ")")
                .orElse(null);
        if (program != null) {
            return " (in " + program + ")";
        }
        boolean idleWorker = Arrays.stream(stack).anyMatch(f -> f.getMethodName().equals("getTask")
                && f.getClassName().endsWith("ThreadPoolExecutor"));
        if (idleWorker) {
            return " (an idle pool worker waiting for tasks: was the pool shut down?)";
        }
        return stack.length == 0 ? "" : " (in " + stack[0].getClassName() + "." + stack[0].getMethodName() + ")";
    }
}
