package socketlab.grader.experiments;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import socketlab.grader.run.GraderClasspath;
import socketlab.grader.run.LabCompiler;
import socketlab.grader.toxiproxy.ToxiproxyBackends;

/**
 * Runs one experiment: compiles the lab folders it needs with the grader's settings, runs each grid point in a
 * worker JVM of its own ({@link ExperimentWorker}, several at once), shows progress, and writes {@code runs.csv},
 * the charts and {@code summary.md} into the output folder.
 */
public final class ExperimentRunner {

    /** What the command asked for. */
    public record Options(
            Path submission,
            Path out,
            boolean quick,
            long seed,
            Integer repeats,
            Integer jobs,
            Map<String, String> workerProperties,
            String command) {}

    /** What came of it. */
    public record Outcome(Runs runs, Path summary, Duration elapsed) {}

    private final Experiment experiment;
    private final Options options;
    private final PrintStream progress;
    private final Gson gson =
            new GsonBuilder().serializeSpecialFloatingPointValues().create();

    public ExperimentRunner(Experiment experiment, Options options, PrintStream progress) {
        this.experiment = experiment;
        this.options = options;
        this.progress = progress;
    }

    public Outcome run() throws Exception {
        long started = System.nanoTime();
        Files.createDirectories(options.out());
        Path classes = compile();
        try {
            return runCompiled(classes, started);
        } finally {
            deleteRecursively(classes.getParent());
        }
    }

    private Outcome runCompiled(Path classes, long started) throws Exception {
        List<Point> points = new ArrayList<>();
        for (Map<String, Object> params : experiment.grid(options.quick())) {
            points.add(new Point(points.size(), params));
        }
        int repeats = options.repeats() != null ? options.repeats() : experiment.defaultRepeats(options.quick());
        int jobs = Math.max(1, options.jobs() != null ? options.jobs() : experiment.defaultJobs());
        progress.printf(
                Locale.ROOT,
                "%s: %d grid points × %d runs, %d worker JVMs at a time, seed %d%n",
                experiment.name(),
                points.size(),
                repeats,
                jobs,
                options.seed());

        List<Run> runs = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(jobs, r -> {
            Thread t = new Thread(r, "experiment-point");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            // Longest first: the pool ends sooner when the long points do not queue behind the short ones.
            List<Point> longestFirst = new ArrayList<>(points);
            longestFirst.sort(java.util.Comparator.comparing((Point p) -> experiment.pointLimit(p, repeats))
                    .reversed());
            for (Point point : longestFirst) {
                futures.add(pool.submit(() -> {
                    List<Run> pointRuns = runPoint(point, repeats, classes);
                    runs.addAll(pointRuns);
                    report(point, pointRuns, done.incrementAndGet(), points.size(), started);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        List<Run> ordered = new ArrayList<>(runs);
        ordered.sort((a, b) -> a.point() != b.point()
                ? Integer.compare(a.point(), b.point())
                : Integer.compare(a.repeat(), b.repeat()));
        Runs all = new Runs(ordered);
        all.writeCsv(experiment.name(), options.out().resolve("runs.csv"));
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        Path summary = Summary.write(experiment, all, options, repeats, jobs, elapsed);
        progress.printf(
                Locale.ROOT,
                "%s: done in %s; %d runs (%d failed) in %s%n",
                experiment.name(),
                Summary.duration(elapsed),
                ordered.size(),
                all.failed().size(),
                options.out());
        return new Outcome(all, summary, elapsed);
    }

    private synchronized void report(Point point, List<Run> pointRuns, int done, int total, long started) {
        long failed = pointRuns.stream().filter(r -> !r.ok()).count();
        String status = failed == 0
                ? "ok"
                : failed + " of " + pointRuns.size() + " runs failed: "
                        + pointRuns.stream()
                                .filter(r -> !r.ok())
                                .findFirst()
                                .map(Run::error)
                                .orElse("");
        progress.printf(
                Locale.ROOT,
                "  [%d/%d] %s  %s  (%s)%n",
                done,
                total,
                Summary.duration(Duration.ofNanos(System.nanoTime() - started)),
                point.label(),
                status);
    }

    /** Compiles each lab the experiment needs into one classes folder per lab; returns the classpath of them all. */
    private Path compile() {
        try {
            Path work = Files.createTempDirectory("socketlab-experiment-");
            List<String> entries = new ArrayList<>();
            for (String lab : experiment.labs()) {
                Path folder = options.submission().resolve(lab);
                if (!Files.isDirectory(folder)) {
                    throw new IllegalArgumentException(options.submission() + " has no " + lab + " folder (the "
                            + experiment.name() + " experiment runs its code)");
                }
                Path out = work.resolve(lab);
                LabCompiler.Compilation compilation = LabCompiler.compile(folder, out);
                if (!compilation.succeeded()) {
                    throw new IllegalArgumentException(folder + " does not compile:\n" + compilation.messages());
                }
                entries.add(out.toString());
            }
            Path classpathFile = work.resolve("classpath");
            Files.writeString(classpathFile, String.join(File.pathSeparator, entries));
            return classpathFile;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Run> runPoint(Point point, int repeats, Path classpathFile) throws IOException, InterruptedException {
        String labClasses = Files.readString(classpathFile);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-Djava.awt.headless=true");
        // Experiments time the path, not a container's start: embedded unless a backend is asked for (the kit's
        // command line passes the property empty when none is).
        Map<String, String> properties = new java.util.TreeMap<>(options.workerProperties());
        if (properties.getOrDefault(ToxiproxyBackends.BACKEND_PROPERTY, "").isBlank()) {
            properties.put(ToxiproxyBackends.BACKEND_PROPERTY, "embedded");
        }
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-cp");
        command.add(labClasses + File.pathSeparator + GraderClasspath.current());
        command.add(ExperimentWorker.class.getName());
        command.add(experiment.name());
        command.add(String.valueOf(point.index()));
        command.add(gson.toJson(point.params()));
        command.add(String.valueOf(options.seed()));
        command.add(String.valueOf(repeats));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<Run> runs = Collections.synchronizedList(new ArrayList<>());
        List<String> tail = Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader in = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = in.readLine()) != null) {
                            if (line.startsWith(ExperimentWorker.PREFIX)) {
                                runs.add(gson.fromJson(line.substring(ExperimentWorker.PREFIX.length()), Run.class));
                            } else if (tail.size() < 20) {
                                tail.add(line.length() > 300 ? line.substring(0, 300) + "…" : line);
                            }
                        }
                    } catch (IOException ignored) {
                        // the worker was stopped
                    }
                },
                "experiment-worker-output");
        reader.setDaemon(true);
        reader.start();
        Duration limit = experiment.pointLimit(point, repeats);
        boolean ended = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
        if (!ended) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        reader.join(5000);
        List<Run> result = new ArrayList<>(runs);
        for (int repeat = 0; repeat < repeats; repeat++) {
            int r = repeat;
            if (result.stream().noneMatch(run -> run.repeat() == r)) {
                String why = !ended
                        ? "the worker JVM did not finish within " + limit.toSeconds() + " s and was stopped"
                        : "the worker JVM ended (exit " + process.exitValue() + ") without this run's result"
                                + (tail.isEmpty()
                                        ? ""
                                        : ": " + String.join(" | ", tail.subList(0, Math.min(3, tail.size()))));
                result.add(new Run(
                        point.index(),
                        repeat,
                        ExperimentWorker.runSeed(options.seed(), point, repeat),
                        point.params(),
                        Map.of(),
                        why));
            }
        }
        return result;
    }

    private static void deleteRecursively(Path folder) {
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // a temporary folder: the system cleans up what is left
        }
    }
}
