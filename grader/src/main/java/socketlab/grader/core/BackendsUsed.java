package socketlab.grader.core;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The impairment backends that carried traffic in this JVM, named in every report: for the whole run, and for the
 * graded test in progress (tests run one at a time in a grading JVM), so that each test's result names its own.
 */
public final class BackendsUsed {

    private static final Set<String> NAMES = new LinkedHashSet<>();
    private static final Set<String> THIS_TEST = new LinkedHashSet<>();

    private BackendsUsed() {}

    /** Records that {@code name} (e.g. "TCP: embedded Toxiproxy-compatible engine") carried traffic. */
    public static synchronized void note(String name) {
        note(name, name);
    }

    /**
     * Records a backend by its full name for the run (it may explain a fallback) and by a short one for the test
     * in progress, e.g. "TCP: embedded engine".
     */
    public static synchronized void note(String name, String shortName) {
        NAMES.add(name);
        THIS_TEST.add(shortName);
    }

    public static synchronized List<String> names() {
        return List.copyOf(NAMES);
    }

    /** A graded test starts: it has used no backend yet. */
    public static synchronized void testStarted() {
        THIS_TEST.clear();
    }

    /** The backends the graded test in progress has used so far, by their short names. */
    public static synchronized List<String> ofThisTest() {
        return List.copyOf(THIS_TEST);
    }
}
