package socketlab.grader.bench;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import socketlab.grader.agent.Agent;
import socketlab.grader.cli.KitRoot;
import socketlab.grader.core.Lab;
import socketlab.grader.core.RerunCommand;
import socketlab.grader.results.GradingReport;
import socketlab.grader.results.LabResult;
import socketlab.grader.results.LabStatus;
import socketlab.grader.results.Points;
import socketlab.grader.results.TestOutcome;
import socketlab.grader.run.Grading;
import socketlab.grader.run.GradingOptions;
import socketlab.grader.run.Isolation;
import socketlab.grader.run.LabCompiler;
import socketlab.grader.run.TempFolder;
import socketlab.grader.sandbox.Bridge;
import socketlab.grader.sandbox.Remote;
import socketlab.grader.sandbox.Sandbox;
import socketlab.grader.sandbox.StudentJvm;

/**
 * {@code bench-grading}: what running each student's classes in a JVM of their own costs. Grades the
 * solutions with the classes in the test JVM (shared, the old way) and in their own JVM (separate, the
 * way grading always runs), alternating, and times the loopback channel's round trip for a call that
 * does nothing. A measurement, not a graded test.
 */
@Command(
        name = "bench-grading",
        mixinStandardHelpOptions = true,
        description =
                "Measures what isolation costs. Times N no-op calls through the channel to a student JVM (median, "
                        + "p99, max), "
                        + "then grades the solutions with the student's classes in the test JVM (shared) and in a "
                        + "JVM of their own (separate), "
                        + "alternating, and prints each run's wall time and score, the medians and the ratio "
                        + "separate/shared (the goal is at most 1.2).")
public final class BenchGradingCommand implements Callable<Integer> {

    /** What separate/shared may cost at most. */
    static final double GOAL = 1.2;

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--submission",
            paramLabel = "DIR",
            description = "folder holding the lab-* folders to grade (default: ${DEFAULT-VALUE})")
    private Path submission = Path.of("solutions");

    @Option(
            names = "--labs",
            paramLabel = "LAB",
            split = ",",
            description = "lab-udp, lab-tcp and/or lab-threaded, comma-separated or repeated (default: all three)")
    private List<String> labs = new ArrayList<>();

    @Option(
            names = "--rounds",
            paramLabel = "N",
            description = "rounds of one shared and one separate grading each (default: ${DEFAULT-VALUE})")
    private int rounds = 2;

    @Option(
            names = "--calls",
            paramLabel = "N",
            description = "no-op calls to time through the channel (default: ${DEFAULT-VALUE}; 0 skips them)")
    private int calls = 20_000;

    @Option(
            names = "--warmup",
            paramLabel = "N",
            description = "no-op calls made first, not timed (default: ${DEFAULT-VALUE})")
    private int warmup = 2_000;

    @Option(
            names = "--lab-cap",
            paramLabel = "SECONDS",
            description = "the most time one lab's grading may take (default: ${DEFAULT-VALUE})")
    private long labCapSeconds = 900;

    @Option(names = "--quiet", description = "do not print grading's progress (on standard error)")
    private boolean quiet;

    /** The probe's class and method, compiled at run time: a static method that does nothing. */
    private static final String PROBE_CLASS = "socketlab.benchprobe.Noop";

    private static final String PROBE_METHOD = "noop";
    private static final String[] PROBE_TYPES = {"[B", "int", "int"};

    @Override
    public Integer call() throws Exception {
        if (rounds < 1 || calls < 0 || warmup < 0 || labCapSeconds < 1) {
            throw new ParameterException(
                    spec.commandLine(), "--rounds and --lab-cap must be at least 1, --calls and --warmup not negative");
        }
        List<String> chosen = new ArrayList<>();
        for (String lab : labs) {
            String name = Lab.named(lab)
                    .orElseThrow(() -> new ParameterException(spec.commandLine(), Lab.unknown(lab)))
                    .folder();
            if (!chosen.contains(name)) {
                chosen.add(name);
            }
        }
        if (chosen.isEmpty()) {
            chosen.addAll(Lab.folders());
        }
        Path kit = KitRoot.find();
        Path folder = (submission.isAbsolute() ? submission : kit.resolve(submission)).normalize();
        for (String lab : chosen) {
            if (!Files.isDirectory(folder.resolve(lab).resolve("src/main/java"))) {
                throw new ParameterException(spec.commandLine(), "no " + lab + " sources in " + folder);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(
                "bench-grading: %s (%s), %d round%s of shared then separate; %d cores, Java %s%n",
                folder,
                String.join(", ", chosen),
                rounds,
                rounds == 1 ? "" : "s",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        out.flush();

        CallFigures channel = calls == 0 ? null : channel(out);

        GradingOptions options = new GradingOptions(
                kit,
                folder,
                chosen,
                List.of(),
                null,
                Duration.ofSeconds(labCapSeconds),
                Duration.ofSeconds(labCapSeconds * chosen.size()),
                RerunCommand.grading("{lab}", submission.toString()),
                KitRoot.forwardedProperties());
        out.println();
        out.printf("%-6s %-9s %9s %13s  %s%n", "round", "isolation", "wall s", "score", "per lab (wall s)");
        out.flush();
        Map<Isolation, List<Double>> seconds = new LinkedHashMap<>();
        List<String> scores = new ArrayList<>();
        Set<Double> maxima = new TreeSet<>();
        List<String> protections = List.of();
        List<String> problems = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            for (Isolation isolation : List.of(Isolation.SHARED_JVM, Isolation.SEPARATE_JVM)) {
                Run run = grade(options.with(isolation), round, isolation);
                seconds.computeIfAbsent(isolation, i -> new ArrayList<>()).add(run.seconds());
                String score = points(run.report().points()) + " / "
                        + points(run.report().maxPoints());
                scores.add(score);
                maxima.add(run.report().maxPoints());
                if (isolation == Isolation.SEPARATE_JVM) {
                    protections = run.report().protections();
                }
                StringBuilder perLab = new StringBuilder();
                run.labSeconds()
                        .forEach((lab, s) -> perLab.append(perLab.length() == 0 ? "" : ", ")
                                .append(lab)
                                .append(' ')
                                .append(String.format(Locale.ROOT, "%.1f", s)));
                out.printf(
                        Locale.ROOT,
                        "%-6d %-9s %9.1f %13s  %s%n",
                        round,
                        name(isolation),
                        run.seconds(),
                        score,
                        perLab);
                problems.addAll(problems(run.report(), "round " + round + " " + name(isolation) + ": "));
                out.flush();
            }
        }
        double shared = median(seconds.get(Isolation.SHARED_JVM));
        double separate = median(seconds.get(Isolation.SEPARATE_JVM));
        double ratio = separate / shared;
        out.println();
        out.printf(
                Locale.ROOT,
                "median of %d: shared %.1f s, separate %.1f s; separate/shared = %.2fx (goal <= %.1f: %s)%n",
                rounds,
                shared,
                separate,
                ratio,
                GOAL,
                ratio <= GOAL ? "met" : "NOT met");
        if (!protections.isEmpty()) {
            out.println("separate runs' protections: " + String.join("; ", protections));
        }
        boolean sameScores = scores.stream().distinct().count() == 1;
        if (!sameScores) {
            out.println("the scores differ between runs (" + String.join(", ", scores)
                    + "): a test is flaky, or isolation changed an"
                    + " outcome"
                    + (maxima.size() > 1
                            ? "; the maxima differ too, so the runs did not grade the same tests and the"
                                    + " ratio compares unlike work"
                            : ""));
        }
        if (!problems.isEmpty()) {
            out.println("what did not pass:");
            problems.forEach(line -> out.println("  " + line));
        }
        out.println();
        out.printf(
                Locale.ROOT,
                "isolation cost: separate %.1f s vs shared %.1f s median of %d = %.2fx%s%n",
                separate,
                shared,
                rounds,
                ratio,
                channel == null
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                "; no-op call median %.0f µs, p99 %.0f µs",
                                channel.medianMicros(),
                                channel.p99Micros()));
        out.flush();
        return sameScores ? 0 : 1;
    }

    /** One grading run: its report, wall time, and each lab's wall time (from its first progress line to its last). */
    private record Run(GradingReport report, double seconds, Map<String, Double> labSeconds) {}

    private Run grade(GradingOptions options, int round, Isolation isolation) {
        Map<String, long[]> labTimes = new LinkedHashMap<>();
        String prefix = "  … round " + round + " " + name(isolation) + ": ";
        long start = System.nanoTime();
        GradingReport report = new Grading(options, line -> {
                    long now = System.nanoTime();
                    int colon = line.indexOf(':');
                    if (colon > 0) {
                        synchronized (labTimes) {
                            labTimes.computeIfAbsent(line.substring(0, colon), lab -> new long[] {now, now})[1] = now;
                        }
                    }
                    if (!quiet) {
                        System.err.println(prefix + line);
                    }
                })
                .run();
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Double> labSeconds = new LinkedHashMap<>();
        synchronized (labTimes) {
            labTimes.forEach((lab, t) -> labSeconds.put(lab, (t[1] - t[0]) / 1e9));
        }
        return new Run(report, seconds, labSeconds);
    }

    /**
     * A run's labs that did not grade normally and its tests that did not pass, a line each (at most {@value
     * #MAX_PROBLEMS}).
     */
    private static List<String> problems(GradingReport report, String prefix) {
        List<String> lines = new ArrayList<>();
        for (LabResult lab : report.labs()) {
            if (lab.status() != LabStatus.OK || lab.tests().isEmpty()) {
                lines.add(prefix + lab.lab() + " (" + lab.status() + ", "
                        + lab.tests().size() + " tests): " + firstLine(lab.notes()));
            }
            for (TestOutcome test : lab.tests()) {
                if (!test.passed()) {
                    lines.add(prefix + test.lab() + " " + test.id() + " ("
                            + test.status().label() + "): " + firstLine(test.feedback()));
                }
            }
        }
        if (lines.size() > MAX_PROBLEMS) {
            int more = lines.size() - MAX_PROBLEMS;
            lines = new ArrayList<>(lines.subList(0, MAX_PROBLEMS));
            lines.add(prefix + "… and " + more + " more");
        }
        return lines;
    }

    private static final int MAX_PROBLEMS = 12;

    private static String firstLine(String text) {
        String first = text == null ? "" : text.strip().lines().findFirst().orElse("");
        return first.length() <= 160 ? first : first.substring(0, 159) + "…";
    }

    /** Latencies of the no-op calls, in nanoseconds, sorted. */
    private record CallFigures(long[] sortedNanos, double totalSeconds) {
        double medianMicros() {
            int n = sortedNanos.length;
            return (n % 2 == 1 ? sortedNanos[n / 2] : (sortedNanos[n / 2 - 1] + sortedNanos[n / 2]) / 2.0) / 1e3;
        }

        double p99Micros() {
            return sortedNanos[Math.max(0, (int) Math.ceil(0.99 * sortedNanos.length) - 1)] / 1e3;
        }

        double maxMicros() {
            return sortedNanos[sortedNanos.length - 1] / 1e3;
        }
    }

    /**
     * Starts a student JVM as grading does (the agent and a class of its own, shared through a sandbox) and
     * times {@link #calls} calls of a static method that does nothing, after {@link #warmup} untimed ones.
     */
    private CallFigures channel(PrintWriter out) throws Exception {
        try (TempFolder temp = TempFolder.create("socketlab-bench-grading-");
                Sandbox sandbox = Sandbox.create(List.of(KitRoot.find()))) {
            Path probe = temp.path().resolve("probe");
            Path source = probe.resolve("src/main/java/" + PROBE_CLASS.replace('.', '/') + ".java");
            Files.createDirectories(source.getParent());
            Files.writeString(source, """
                    package socketlab.benchprobe;

                    public final class Noop {
                        public static int noop(byte[] bytes, int offset, int length) {
                            return length;
                        }
                    }
                    """);
            LabCompiler.Compilation compiled =
                    LabCompiler.compile(probe, temp.path().resolve("probe-classes"));
            if (!compiled.succeeded()) {
                throw new IllegalStateException("the no-op probe class does not compile: " + compiled.messages());
            }
            Path agent = agentLocation();
            List<Path> classpath =
                    List.of(sandbox.share(agent, "agent"), sandbox.share(compiled.classes(), "classes-probe"));
            AtomicLong printed = new AtomicLong();
            OutputStream console = new OutputStream() {
                @Override
                public void write(int b) {
                    printed.incrementAndGet();
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    printed.addAndGet(len);
                }
            };
            AtomicInteger deaths = new AtomicInteger();
            long started = System.nanoTime();
            StudentJvm jvm = StudentJvm.start(classpath, sandbox, console, (thread, e) -> deaths.incrementAndGet());
            try {
                Remote statics = new Remote(jvm, 0); // handle 0: a static method, as a stand-in's static call
                byte[] empty = new byte[0];
                Object first = noop(statics, empty);
                double startMillis = (System.nanoTime() - started) / 1e6;
                if (!Integer.valueOf(0).equals(first)) {
                    throw new IllegalStateException("the no-op call answered " + first + " instead of 0");
                }
                for (int i = 0; i < warmup; i++) {
                    noop(statics, empty);
                }
                long[] nanos = new long[calls];
                long all = System.nanoTime();
                for (int i = 0; i < calls; i++) {
                    long t = System.nanoTime();
                    noop(statics, empty);
                    nanos[i] = System.nanoTime() - t;
                }
                double total = (System.nanoTime() - all) / 1e9;
                Arrays.sort(nanos);
                CallFigures figures = new CallFigures(nanos, total);
                out.println();
                out.printf(
                        Locale.ROOT,
                        "channel: student JVM (%s) started and answered its first call in %.0f ms%n",
                        sandbox.separateUser() ? "its own user" : "the grading user",
                        startMillis);
                out.printf(
                        Locale.ROOT,
                        "%d no-op calls (%s.%s(byte[0], 0, 0), after %d untimed): median %.1f µs, p99 %.1f µs, max "
                                + "%.1f µs;"
                                + " %.0f calls/s%n",
                        calls,
                        PROBE_CLASS.substring(PROBE_CLASS.lastIndexOf('.') + 1),
                        PROBE_METHOD,
                        warmup,
                        figures.medianMicros(),
                        figures.p99Micros(),
                        figures.maxMicros(),
                        calls / total);
                if (printed.get() > 0 || deaths.get() > 0) {
                    out.printf(
                            "(the student JVM printed %d bytes and lost %d threads: the figures may be off)%n",
                            printed.get(), deaths.get());
                }
                out.flush();
                return figures;
            } finally {
                jvm.close();
            }
        }
    }

    /** One no-op call through the bridge, as a stand-in makes a static call. */
    private static Object noop(Remote statics, byte[] empty) throws Exception {
        try {
            return Bridge.call(statics, PROBE_CLASS, PROBE_METHOD, PROBE_TYPES, int.class, empty, 0, 0);
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("the no-op call threw " + t, t);
        }
    }

    /** The agent's classes (a folder or a jar of their own), as the bridge puts them on a student JVM's classpath. */
    private static Path agentLocation() {
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

    private static String name(Isolation isolation) {
        return isolation == Isolation.SHARED_JVM ? "shared" : "separate";
    }

    static double median(List<Double> values) {
        double[] sorted =
                values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String points(double points) {
        return Points.format(points);
    }
}
