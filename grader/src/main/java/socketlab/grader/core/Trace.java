package socketlab.grader.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import socketlab.grader.wire.Lane;
import socketlab.grader.wire.Timeline;
import socketlab.grader.wire.TimelineRecorder;
import socketlab.grader.wire.TimelineText;
import socketlab.grader.wire.WireEvent;

/**
 * What one graded test saw on the wire and around it: timed wire events (a {@link Timeline}: the report's sequence
 * diagram, the feedback's text form, the test's capture) and the lines of its feedback. Harness classes add to the
 * current test's trace; the grading extension turns it into the student's feedback on failure.
 * Thread-safe: servers under test report from their own threads.
 */
public final class Trace {

    private static final int MAX_PRINTED_LINES = 200;
    private static final InheritableThreadLocal<Trace> CURRENT = new InheritableThreadLocal<>();
    private static final Trace DETACHED = new Trace("(no graded test)", 0);
    private static volatile Trace running;

    private final String testId;
    private final long seed;
    private final TimelineRecorder wire = new TimelineRecorder();
    private final List<String> program = new ArrayList<>();
    private final List<String> impairments = new ArrayList<>();
    private int printedLines;
    /** Each finished graded test's timeline, until the worker reports the test (tests run one at a time). */
    private static final Map<String, Timeline> FINISHED = new ConcurrentHashMap<>();

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

    /**
     * Something that crossed the network, in words only, e.g. {@code (nothing came back within 500 ms, as expected)}.
     */
    public void wire(String line) {
        wire.add(WireEvent.note(wire.now(), line));
    }

    /** Something that crossed the network, timed and typed (drawn in the report; its text, if any, in the feedback). */
    public void wire(WireEvent event) {
        wire.add(event);
    }

    /** The test's wire recorder: its clock, and who the lanes and the network between them are. */
    public TimelineRecorder recorder() {
        return wire;
    }

    /** A line the program under test printed, on its lane of the diagram (the first {@value #MAX_PRINTED_LINES}). */
    public void printed(String line) {
        Lane lane = wire.studentLane();
        synchronized (this) {
            if (printedLines++ >= MAX_PRINTED_LINES) {
                return;
            }
        }
        long now = wire.now();
        wire.add(new WireEvent(
                WireEvent.Kind.PRINTED, now, now, lane, lane, line, 0, null, false, null, null, null, null));
    }

    /** What crossed the wire so far. */
    public Timeline timeline() {
        return wire.snapshot();
    }

    static void finished(Trace trace) {
        FINISHED.put(trace.testId, trace.timeline());
    }

    /** The timeline of the graded test {@code testId} that just finished (once), or null. */
    public static Timeline takeFinished(String testId) {
        return FINISHED.remove(testId);
    }

    /** Something the program under test did, e.g. "UDPServer.serve() stopped with ...". */
    public synchronized void program(String line) {
        if (!program.contains(line)) {
            program.add(line);
        }
    }

    /** Rewords an impairment named before (e.g. with what the relay did, once it is done); adds it if it was not. */
    public synchronized void impairment(String before, String now) {
        int at = impairments.indexOf(before);
        if (at >= 0 && !impairments.contains(now)) {
            impairments.set(at, now);
        } else {
            impairment(now);
        }
    }

    /** An impairment active during the test, as its backend describes it. */
    public synchronized void impairment(String description) {
        if (!impairments.contains(description)) {
            impairments.add(description);
        }
    }

    /** The wire's compact text form: its first and last lines, runs folded. */
    public List<String> wireLines() {
        return TimelineText.lines(wire.snapshot());
    }

    public synchronized List<String> programLines() {
        return List.copyOf(program);
    }

    public synchronized List<String> impairmentLines() {
        return List.copyOf(impairments);
    }
}
