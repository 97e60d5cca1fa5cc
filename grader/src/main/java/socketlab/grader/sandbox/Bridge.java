package socketlab.grader.sandbox;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import socketlab.grader.agent.Agent;

/**
 * What the stand-ins call: constructs the lab's objects in the student's JVM and calls their
 * methods there. One student JVM serves a test JVM at a time; it is started when a test first needs
 * it, and again after it has ended (a program that called System.exit fails the call it was in, and
 * the next test gets a fresh JVM).
 */
public final class Bridge {

    /** Property naming the student's compiled classes for this lab (set by the supervisor). */
    public static final String LAB_CLASSES_PROPERTY = "socketlab.lab.classes";

    private static volatile StudentJvm jvm;
    private static volatile OutputStream console = System.out;
    private static volatile BiConsumer<String, Throwable> threadDeaths = (thread, e) -> {};

    private Bridge() {}

    /** Where the student's output goes, and who hears of its threads' deaths (the grading worker sets both). */
    public static void listen(OutputStream output, BiConsumer<String, Throwable> deaths) {
        console = output;
        threadDeaths = deaths;
    }

    /** The student's JVM if one is running, for observing it from outside. */
    public static Optional<StudentJvm> current() {
        StudentJvm student = jvm;
        return student != null && student.isAlive() ? Optional.of(student) : Optional.empty();
    }

    /**
     * Where the student's program was in a call that has not returned (for a timed-out test's feedback):
     * the stack of the agent's thread that runs it, as the student's JVM describes it.
     */
    public static Optional<StackTraceElement[]> pendingCallStack() {
        Optional<StudentJvm> student = current();
        if (student.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> calls = student.get().pendingCallThreads();
        if (calls.isEmpty()) {
            return Optional.empty();
        }
        for (Map.Entry<String, List<StackTraceElement>> thread :
                student.get().describeThreads(Duration.ofSeconds(2)).entrySet()) {
            if (calls.containsKey(thread.getKey()) && !thread.getValue().isEmpty()) {
                return Optional.of(thread.getValue().toArray(StackTraceElement[]::new));
            }
        }
        return Optional.empty();
    }

    /** The student's JVM, started if there is none or the last one ended. */
    public static synchronized StudentJvm jvm() {
        if (jvm == null || !jvm.isAlive()) {
            if (jvm != null) {
                jvm.close();
            }
            jvm = start();
        }
        return jvm;
    }

    /** The ids of the student JVM's threads now, or null if no student JVM runs. */
    public static Set<Long> threadsNow() {
        return current()
                .map(student -> Set.copyOf(ProcessThreads.of(student.pid()).keySet()))
                .orElse(null);
    }

    /**
     * Ends the student's JVM if threads of the program that were not there at {@code before} (null: the JVM started
     * since) are still alive after {@code grace}: a conversation thread that never ended, a loop that spins, a pool
     * never shut down. The next test then starts a fresh JVM, so one test's leftovers cannot slow or break another.
     * The threads are read from the operating system; the JVM's own threads and the agent's are not counted (a call
     * of the agent's that has not returned is: its thread is the program's, still busy).
     *
     * @return the names of the threads that were left (empty if none, and the JVM was kept)
     */
    public static synchronized List<String> recycleIfThreadsLeft(Set<Long> before, Duration grace)
            throws InterruptedException {
        StudentJvm student = jvm;
        if (student == null || !student.isAlive()) {
            return List.of();
        }
        long deadline = System.nanoTime() + grace.toNanos();
        List<String> left = leftSince(student, before);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50); // polling the operating system: there is no event for "a thread of another process ended"
            left = leftSince(student, before);
        }
        if (!left.isEmpty()) {
            stop();
        }
        return left;
    }

    private static List<String> leftSince(StudentJvm student, Set<Long> before) {
        return ProcessThreads.of(student.pid()).entrySet().stream()
                .filter(thread -> before == null || !before.contains(thread.getKey()))
                .map(Map.Entry::getValue)
                .filter(name -> !ProcessThreads.isJvmOwn(name) && !isAgentOwn(name))
                .toList();
    }

    /**
     * The agent's own threads: the process's first threads (named after the launcher, "java"; "main" where the JVM
     * names them) and its ready threads waiting for a call. A call still running is the program's: it is counted.
     */
    private static boolean isAgentOwn(String name) {
        return name.equals("java") || name.equals("main") || name.startsWith(Agent.IDLE_THREAD_NAME);
    }

    /** Ends the student's JVM (the worker does before it retires). */
    public static synchronized void stop() {
        if (jvm != null) {
            jvm.close();
            jvm = null;
        }
    }

    private static StudentJvm start() {
        String classes = System.getProperty(LAB_CLASSES_PROPERTY);
        if (classes == null) {
            throw new IllegalStateException("the grading worker did not say where the lab's classes are ("
                    + LAB_CLASSES_PROPERTY + " is not set)");
        }
        Sandbox sandbox = Sandbox.fromProperties();
        Path agent = agentLocation();
        Path lab = Path.of(classes);
        List<Path> classpath = sandbox == null
                ? List.of(agent, lab)
                : List.of(sandbox.share(agent, "agent"), sandbox.shareClasses(lab));
        try {
            return StudentJvm.start(classpath, sandbox, console, threadDeaths);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the JVM that runs your program: " + e.getMessage(), e);
        }
    }

    /** The agent's classes: a folder or a jar of their own, with nothing else of the grader's. */
    static Path agentLocation() {
        try {
            return Path.of(Agent.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot find the student agent's classes", e);
        }
    }

    /** Constructs the student's {@code className} with these arguments; the stand-in keeps what this returns. */
    public static Remote construct(String className, String[] types, Object... args) throws Throwable {
        StudentJvm student = jvm();
        return (Remote) student.construct(className, types, args);
    }

    /** Calls {@code method} on the student's object ({@code target}), or the static one when target is null. */
    public static Object call(
            Remote target, String className, String method, String[] types, Class<?> returns, Object... args)
            throws Throwable {
        Object result;
        if (target == null) {
            result = jvm().call(0, className, method, types, args);
        } else {
            if (!target.jvm().isAlive()) {
                throw new ProgramEndedException("your program's JVM ended before " + simple(className) + "." + method
                        + "() was called (did an earlier call end it with System.exit?)");
            }
            result = target.jvm().call(target.handle(), className, method, types, args);
        }
        return adapt(result, returns);
    }

    /** A handle that came back becomes a stand-in of the declared type; anything else must already fit it. */
    private static Object adapt(Object result, Class<?> returns) throws ReflectiveOperationException {
        if (result instanceof Remote remote) {
            if (!StandIn.class.isAssignableFrom(returns)) {
                throw new IllegalStateException(
                        "your program returned an object where the kit expects a " + returns.getName());
            }
            Constructor<?> constructor = returns.getDeclaredConstructor(Remote.class);
            constructor.setAccessible(true);
            return constructor.newInstance(remote);
        }
        if (result != null && returns != void.class && !box(returns).isInstance(result)) {
            throw new IllegalStateException("your program's JVM answered with a "
                    + result.getClass().getSimpleName() + " where a " + returns.getSimpleName() + " was expected");
        }
        return result;
    }

    private static Class<?> box(Class<?> type) {
        if (!type.isPrimitive()) {
            return type;
        }
        return switch (type.getName()) {
            case "boolean" -> Boolean.class;
            case "byte" -> Byte.class;
            case "short" -> Short.class;
            case "char" -> Character.class;
            case "int" -> Integer.class;
            case "long" -> Long.class;
            case "float" -> Float.class;
            default -> Double.class;
        };
    }

    /**
     * Throws what the student's method threw, as it threw it: a stand-in passes on a checked exception its
     * method declares, and (as the JVM would) one the student's code threw without declaring it.
     */
    @SuppressWarnings("unchecked")
    public static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
        throw (T) t;
    }

    /** A console for the student's output that keeps writing into whatever System.out is at the time. */
    public static OutputStream systemOut() {
        return new OutputStream() {
            @Override
            public void write(int b) {
                System.out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                PrintStream out = System.out;
                out.write(b, off, len);
                out.flush();
            }
        };
    }

    private static String simple(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
