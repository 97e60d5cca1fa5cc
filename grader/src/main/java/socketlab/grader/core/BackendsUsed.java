package socketlab.grader.core;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The impairment backends that ran in this JVM, named in every report. */
public final class BackendsUsed {

    private static final Set<String> NAMES = new LinkedHashSet<>();

    private BackendsUsed() {
    }

    /** Records that {@code name} (e.g. "TCP: embedded Toxiproxy-compatible engine") carried traffic. */
    public static synchronized void note(String name) {
        NAMES.add(name);
    }

    public static synchronized List<String> names() {
        return List.copyOf(NAMES);
    }
}
