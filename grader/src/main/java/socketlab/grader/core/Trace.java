package socketlab.grader.core;

import java.util.ArrayList;
import java.util.List;

/**
 * What one graded test saw on the wire and around it: the lines of its feedback. Harness classes add
 * to the current test's trace; the grading extension turns it into the student's feedback on failure.
 * Thread-safe: servers under test report from their own threads.
 */
public final class Trace {

    private static final int MAX_LINES = 60;
    private static final InheritableThreadLocal<Trace> CURRENT = new InheritableThreadLocal<>();
    private static final Trace DETACHED = new Trace("(no graded test)", 0);
    private static volatile Trace running;

    private final String testId;
    private final long seed;
    private final List<String> wire = new ArrayList<>();
    private final List<String> program = new ArrayList<>();
    private final List<String> impairments = new ArrayList<>();
    private int droppedWireLines;

    Trace(String testId, long seed) {
        this.testId = testId;
        this.seed = seed;
    }

    /** The trace of the graded test running on this thread (or a detached one outside graded tests). */
    public static Trace current() {
        Trace trace = CURRENT.get();
        return trace == null ? running() : trace;
    }

    static void attach(Trace trace) {
        CURRENT.set(trace);
    }

    /**
     * The trace of the graded test in progress in this JVM (tests run one at a time), for what arrives on
     * threads that are not the test's: the student JVM's output and its threads' deaths.
     */
    public static Trace running() {
        Trace trace = running;
        return trace == null ? DETACHED : trace;
    }

    static void running(Trace trace) {
        running = trace;
    }

    static void detach() {
        CURRENT.remove();
    }

    public String testId() {
        return testId;
    }

    /** This test's seed: every random choice the test or its impairments make derives from it. */
    public long seed() {
        return seed;
    }

    /** Something that crossed the network, e.g. {@code → sent "hello" (5 bytes) to 127.0.0.1:4000 (UDP)}. */
    public synchronized void wire(String line) {
        if (wire.size() < MAX_LINES) {
            wire.add(line);
        } else {
            droppedWireLines++;
        }
    }

    /** Something the program under test did, e.g. "UDPServer.serve() stopped with ...". */
    public synchronized void program(String line) {
        if (!program.contains(line)) {
            program.add(line);
        }
    }

    /** An impairment active during the test, as its backend describes it. */
    public synchronized void impairment(String description) {
        if (!impairments.contains(description)) {
            impairments.add(description);
        }
    }

    public synchronized List<String> wireLines() {
        List<String> lines = new ArrayList<>(wire);
        if (droppedWireLines > 0) {
            lines.add("… and " + droppedWireLines + " more");
        }
        return lines;
    }

    public synchronized List<String> programLines() {
        return List.copyOf(program);
    }

    public synchronized List<String> impairmentLines() {
        return List.copyOf(impairments);
    }
}
