package socketlab.grader.suites.threaded;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import socketlab.grader.agent.Agent;
import socketlab.grader.sandbox.Bridge;
import socketlab.grader.sandbox.ProcessThreads;
import socketlab.grader.sandbox.StudentJvm;

/**
 * Counts the threads a student's server leaves behind: the threads of the student's JVM before the
 * server starts, compared with those alive after it closed. The threads are read from outside that
 * JVM, from the operating system ({@code /proc/PID/task}), so the program cannot hide one. Not counted:
 * the JVM's own threads, and the agent's thread for each call the test is still waiting on (a
 * serve() that has not returned yet). The student's JVM describes where each thread left behind is,
 * which only ever words the feedback.
 */
public final class LiveThreads {

    private final StudentJvm jvm;
    private final Set<Long> before;

    private LiveThreads(StudentJvm jvm, Set<Long> before) {
        this.jvm = jvm;
        this.before = before;
    }

    /** Takes the snapshot (starting the student's JVM if none runs yet): threads alive now are not the server's. */
    public static LiveThreads snapshot() {
        if (!ProcessThreads.available()) {
            throw new IllegalStateException("counting a program's threads from outside needs Linux (/proc)");
        }
        StudentJvm jvm = Bridge.jvm();
        return new LiveThreads(jvm, new HashSet<>(ProcessThreads.of(jvm.pid()).keySet()));
    }

    /**
     * The threads started since the snapshot that are still alive at {@code deadlineNanos} (each is given
     * until then to end: a pool's workers end just after awaitTermination() returns), described for the
     * feedback: "pool-1-thread-1 (in PooledTCPServer.serveClient(PooledTCPServer.java:95))".
     */
    public List<String> leftBehind(long deadlineNanos) throws InterruptedException {
        Map<Long, String> left = newThreads();
        while (!left.isEmpty() && System.nanoTime() < deadlineNanos) {
            Thread.sleep(50); // polling the operating system: there is no event for "a thread of another process ended"
            left = newThreads();
        }
        if (left.isEmpty()) {
            return List.of();
        }
        Map<String, List<StackTraceElement>> stacks = jvm.describeThreads(java.time.Duration.ofSeconds(2));
        List<String> described = new ArrayList<>();
        for (String name : left.values()) {
            String full = stacks.keySet().stream()
                    .filter(n -> n.startsWith(name) && !n.startsWith(Agent.CALL_THREAD_PREFIX))
                    .filter(n -> described.stream().noneMatch(d -> d.startsWith(n + " ")))
                    .findFirst()
                    .orElse(name);
            described.add(full + where(stacks.getOrDefault(full, List.of())));
        }
        return described;
    }

    private Map<Long, String> newThreads() {
        Map<Long, String> now = new java.util.LinkedHashMap<>(ProcessThreads.of(jvm.pid()));
        now.keySet().removeAll(before);
        Set<String> pending = jvm.pendingCallThreads().keySet();
        now.values()
                .removeIf(name -> ProcessThreads.isJvmOwn(name)
                        || pending.stream().anyMatch(call -> call.startsWith(name) || name.startsWith(call)));
        return now;
    }

    /** "pool-1-thread-1 (in PooledTCPServer.serveClient(PooledTCPServer.java:95)), ..." */
    public static String describe(List<String> threads) {
        return String.join(", ", threads);
    }

    private static String where(List<StackTraceElement> stack) {
        String program = stack.stream()
                .filter(f -> f.getClassName().startsWith("socketlab.")
                        && !f.getClassName().startsWith("socketlab.grader."))
                .findFirst()
                .map(f -> f.getClassName().substring(f.getClassName().lastIndexOf('.') + 1) + "." + f.getMethodName()
                        + "(" + f.getFileName() + ":" + f.getLineNumber() + ")")
                .orElse(null);
        if (program != null) {
            return " (in " + program + ")";
        }
        boolean idleWorker = stack.stream()
                .anyMatch(f ->
                        f.getMethodName().equals("getTask") && f.getClassName().endsWith("ThreadPoolExecutor"));
        if (idleWorker) {
            return " (an idle pool worker, waiting for a task)";
        }
        return stack.isEmpty()
                ? ""
                : " (in " + stack.get(0).getClassName() + "." + stack.get(0).getMethodName() + ")";
    }
}
