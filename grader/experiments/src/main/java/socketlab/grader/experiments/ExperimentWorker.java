package socketlab.grader.experiments;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.reflect.TypeToken;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The worker JVM of an experiment: runs one grid point {@code repeats} times (one after another, or all at once if
 * the experiment says so) with the lab code under study on its classpath, and prints one line per run: {@value #PREFIX}
 * and the {@link Run} as JSON. Anything else on its
 * output (the lab code's own prints) is ignored by the command.
 *
 * <pre>
 * java -cp LAB_CLASSES:GRADER_CLASSPATH socketlab.grader.experiments.ExperimentWorker NAME INDEX PARAMS_JSON SEED
 * REPEATS
 * </pre>
 */
public final class ExperimentWorker {

    public static final String PREFIX = "@@RUN ";

    private ExperimentWorker() {}

    public static void main(String[] args) {
        // The lab code may print what it likes; results go to the real stdout, one whole line at a time.
        PrintStream results =
                new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        Gson gson = new GsonBuilder().serializeSpecialFloatingPointValues().create();
        Experiment experiment = Experiments.named(args[0]);
        int index = Integer.parseInt(args[1]);
        Map<String, Object> params =
                gson.fromJson(args[2], new TypeToken<LinkedHashMap<String, Object>>() {}.getType());
        long seed = Long.parseLong(args[3]);
        int repeats = Integer.parseInt(args[4]);
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 5; i + 1 < args.length; i += 2) {
            settings.put(args[i], args[i + 1]);
        }
        Point point = new Point(index, params);
        try {
            experiment.warmUp(point);
        } catch (Throwable e) {
            // a warm-up is an optimisation; a real problem shows in the runs themselves
        }
        if (experiment.repeatsAtOnce() && repeats > 1) {
            List<Thread> threads = new ArrayList<>();
            for (int repeat = 0; repeat < repeats; repeat++) {
                int r = repeat;
                Thread t =
                        new Thread(() -> runAndPrint(experiment, point, seed, r, settings, results, gson), "run-" + r);
                t.setDaemon(true);
                t.start();
                threads.add(t);
            }
            for (Thread t : threads) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        } else {
            for (int repeat = 0; repeat < repeats; repeat++) {
                runAndPrint(experiment, point, seed, repeat, settings, results, gson);
            }
        }
        results.flush();
        // Lab code may leave non-daemon threads behind (a server's pool): the point is done.
        System.exit(0);
    }

    private static void runAndPrint(
            Experiment experiment,
            Point point,
            long seed,
            int repeat,
            Map<String, String> settings,
            PrintStream results,
            Gson gson) {
        long runSeed = runSeed(seed, point, repeat);
        Run run;
        try {
            run = new Run(
                    point.index(),
                    repeat,
                    runSeed,
                    point.params(),
                    experiment.run(point, runSeed, repeat, settings),
                    null);
        } catch (Throwable e) {
            String why = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            run = new Run(point.index(), repeat, runSeed, point.params(), Map.of(), why.replace('\n', ' '));
        }
        synchronized (results) {
            results.println(PREFIX + gson.toJson(run));
        }
    }

    /** The seed of one run: the experiment's seed, the point's settings and the repeat, mixed. */
    static long runSeed(long seed, Point point, int repeat) {
        long z = seed * 0x9E3779B97F4A7C15L + point.key() * 0xBF58476D1CE4E5B9L + repeat * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (z ^ (z >>> 31)) & Long.MAX_VALUE;
    }
}
