package socketlab.grader.experiments;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A named experiment: a grid of settings, what one run of one setting measures (in a worker JVM, next to the lab
 * code under study), and how the runs become charts and a summary (in the command's JVM).
 */
public interface Experiment {

    /** The name on the command line, e.g. "pinger". */
    String name();

    /** The title of its summary, e.g. "Pinger under loss and delay". */
    String title();

    /** The lab folders whose code it runs, e.g. lab-udp. */
    List<String> labs();

    /** The grid: the default one, or a small one that runs in seconds. */
    List<Map<String, Object>> grid(boolean quick);

    /** Runs of each grid point when --repeats is not given. */
    int defaultRepeats(boolean quick);

    /** Worker JVMs at once when --jobs is not given (delay-bound experiments can run more than there are cores). */
    int defaultJobs();

    /**
     * How long one grid point's worker may take, all its repeats together, before it is stopped. The command also
     * starts the points with the longest limits first, so that one long point does not start last.
     */
    Duration pointLimit(Point point, int repeats);

    /**
     * Whether a worker runs a point's repeats all at once, each on its own thread (for runs that wait on delays and
     * timers rather than the CPU), instead of one after another.
     */
    default boolean repeatsAtOnce() {
        return false;
    }

    /** In the worker JVM, once before a point's runs: whatever makes the first run time like the others (the JIT). */
    default void warmUp(Point point) throws Exception {}

    /** In the worker JVM: one run of one grid point; returns what it measured. */
    Map<String, Double> run(Point point, long seed, int repeat, Map<String, String> settings) throws Exception;

    /** In the command's JVM: draws the charts into {@code out}, PNG files the summary embeds by name. */
    void drawCharts(Runs runs, Path out, ReportContext context) throws Exception;

    /**
     * In the command's JVM: the summary's body (Markdown), the experiment's page among the resources
     * ({@link ReportTemplate}) filled with the runs' figures.
     */
    String summary(Runs runs, ReportContext context);

    /** What a report may need to know about the run that produced it. */
    record ReportContext(boolean quick, int repeats, long seed, String command) {}
}
