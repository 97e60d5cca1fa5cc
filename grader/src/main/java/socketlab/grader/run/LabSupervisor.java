package socketlab.grader.run;

import com.google.gson.Gson;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import socketlab.grader.core.GradingContext;
import socketlab.grader.results.LabResult;
import socketlab.grader.results.LabStatus;
import socketlab.grader.results.Status;
import socketlab.grader.results.TestOutcome;
import socketlab.grader.sandbox.Bridge;
import socketlab.grader.sandbox.Sandbox;

/**
 * Grades one compiled lab in worker JVMs and always comes back with a complete {@link LabResult}: if
 * the student's code ends or wedges a worker, the test it was running is charged with that, and a new
 * worker carries on with the tests that are left, until they are done or the lab's time cap is spent.
 */
final class LabSupervisor {

    /** Grace beyond a test's own limit before the worker is presumed wedged and stopped. */
    private static final Duration WEDGED_GRACE = Duration.ofSeconds(15);
    /** Time a new worker may take to start and list its tests. */
    private static final Duration STARTUP_LIMIT = Duration.ofSeconds(60);

    private static final int MAX_FRUITLESS_STARTS = 3;
    private static final long POLL_MILLIS = 50;

    private final GradingOptions options;
    private final Path workDir;
    private final Sandbox sandbox;
    private final Path standIns;
    private final Gson gson = new Gson();
    private final Set<String> backends = new LinkedHashSet<>();

    /**
     * @param sandbox  where the student's programs run (null: as the grading user, in a temporary folder)
     * @param standIns the compiled stand-ins the test JVM calls the student's JVM through; null puts the
     *                 student's classes in the test JVM itself (only for measuring what isolation costs)
     */
    LabSupervisor(GradingOptions options, Path workDir, Sandbox sandbox, Path standIns) {
        this.options = options;
        this.workDir = workDir;
        this.sandbox = sandbox;
        this.standIns = standIns;
    }

    /** The backends the workers reported using. */
    Set<String> backends() {
        return backends;
    }

    /** Lists the lab's graded tests with {@code classes} on the classpath (nothing is run). */
    List<WorkerEvent.PlannedTest> plan(String lab, Path classes) {
        WorkerRun run = startWorker(lab, classes, List.of("--list"), Set.of());
        run.awaitEnd(STARTUP_LIMIT);
        endStudentProcesses();
        return run.planned == null ? List.of() : run.planned;
    }

    LabResult grade(String lab, Path classes) {
        long capNanos = System.nanoTime() + options.labCap().toNanos();
        Map<String, TestOutcome> results = new LinkedHashMap<>();
        List<WorkerEvent.PlannedTest> planned = null;
        int fruitless = 0;
        String lastProblem = "";
        while (true) {
            Set<String> skip = new LinkedHashSet<>(results.keySet());
            WorkerRun run = startWorker(lab, classes, selectionArgs(), skip);
            run.monitor(capNanos);
            endStudentProcesses();
            if (run.planned != null && planned == null) {
                planned = run.planned;
            }
            results.putAll(run.finished);
            if (run.culprit != null) {
                results.put(run.culprit.outcome().id(), run.culpritOutcome());
            }
            if (run.done) {
                break;
            }
            boolean progressed = !run.finished.isEmpty() || run.culprit != null;
            fruitless = progressed ? 0 : fruitless + 1;
            lastProblem = run.problem();
            if (System.nanoTime() >= capNanos || fruitless >= MAX_FRUITLESS_STARTS || planned == null) {
                break;
            }
        }
        return assemble(lab, planned, results, System.nanoTime() >= capNanos, lastProblem);
    }

    private LabResult assemble(
            String lab,
            List<WorkerEvent.PlannedTest> planned,
            Map<String, TestOutcome> results,
            boolean capped,
            String problem) {
        if (planned == null) {
            return new LabResult(
                    lab, LabStatus.CRASHED, "The grading JVM for " + lab + " could not start: " + problem, List.of());
        }
        List<TestOutcome> tests = new ArrayList<>();
        TestSelection selection = new TestSelection(options.tests());
        boolean anyMissing = false;
        for (WorkerEvent.PlannedTest test : planned) {
            if (!selection.selects(test.outcome())) {
                continue;
            }
            TestOutcome result = results.get(test.outcome().id());
            if (result == null) {
                anyMissing = true;
                result = TestOutcome.notRun(
                        test.outcome(),
                        Status.NOT_RUN,
                        capped
                                ? "Not run: grading " + lab + " reached its time cap ("
                                        + options.labCap().toSeconds() + " s) before this test."
                                : "Not run: the grading JVM kept failing to run tests (" + problem + ").");
            }
            tests.add(result);
        }
        LabStatus status = capped && anyMissing ? LabStatus.TIMEOUT : LabStatus.OK;
        return new LabResult(lab, status, "", tests);
    }

    /** Whatever the student's programs left running (detached or not) ends with the worker that started them. */
    private void endStudentProcesses() {
        if (sandbox != null) {
            sandbox.endAll();
        }
    }

    private List<String> selectionArgs() {
        List<String> args = new ArrayList<>();
        for (String only : options.tests()) {
            args.add("--only");
            args.add(only);
        }
        return args;
    }

    private static String[] workerArgs(String lab, Path events, List<String> extra) {
        List<String> args = new ArrayList<>(List.of("--lab", lab, "--events", events.toString()));
        args.addAll(extra);
        return args.toArray(String[]::new);
    }

    private WorkerRun startWorker(String lab, Path classes, List<String> extra, Set<String> skip) {
        try {
            Files.createDirectories(workDir);
            Path events = Files.createTempFile(workDir, lab + "-events-", ".jsonl");
            Path log = workDir.resolve(lab + "-worker.log");
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-Xmx512m");
            command.add("-XX:+UseSerialGC");
            command.add("-Djava.awt.headless=true");
            // Nothing in the student's JVM may attach to this one (or to the supervisor) and rewrite its results.
            command.add("-XX:+DisableAttachMechanism");
            command.add("-D" + Bridge.LAB_CLASSES_PROPERTY + "=" + classes);
            if (sandbox != null) {
                sandbox.properties().forEach((key, value) -> command.add("-D" + key + "=" + value));
                command.add("-Djava.io.tmpdir=" + sandbox.testFiles());
            }
            command.add("-D" + GradingContext.RERUN_PROPERTY + "=" + options.rerunPrefix(lab));
            if (options.seed() != null) {
                command.add("-D" + GradingContext.SEED_PROPERTY + "=" + options.seed());
            }
            options.workerProperties().forEach((key, value) -> command.add("-D" + key + "=" + value));
            command.add("-cp");
            // The test JVM never loads a student's class: it has the stand-ins, which call the student's JVM.
            command.add(
                    standIns == null
                            ? classes + File.pathSeparator + GraderClasspath.forTestJvm()
                            : GraderClasspath.forTestJvm() + File.pathSeparator + standIns);
            command.add(GradingWorker.class.getName());
            command.addAll(List.of(workerArgs(lab, events, extra)));
            for (String id : skip) {
                command.add("--skip");
                command.add(id);
            }
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            String key = EventSeal.newKey();
            try (var stdin = process.getOutputStream()) {
                stdin.write(key.getBytes(StandardCharsets.US_ASCII));
            }
            return new WorkerRun(process, events, log, EventSeal.of(key));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a grading JVM for " + lab, e);
        }
    }

    /** One worker JVM, watched: its events, and how it ended. */
    private final class WorkerRun {
        private final Process process;
        private final Path events;
        private final Path log;
        private long readOffset;
        private final StringBuilder partialLine = new StringBuilder();
        private final EventSeal seal;

        List<WorkerEvent.PlannedTest> planned;
        final Map<String, TestOutcome> finished = new LinkedHashMap<>();
        WorkerEvent.PlannedTest culprit;
        String culpritWhy;
        boolean done;
        private String inFlight;
        private long inFlightSince;
        private boolean killedWedged;

        WorkerRun(Process process, Path events, Path log, EventSeal seal) {
            this.process = process;
            this.events = events;
            this.log = log;
            this.seal = seal;
        }

        void awaitEnd(Duration limit) {
            long deadline = System.nanoTime() + limit.toNanos();
            try {
                if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                    kill();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill();
            }
            readEvents();
            if (System.nanoTime() > deadline) {
                killedWedged = true;
            }
        }

        /** Follows the worker until it ends, stopping it if a test overstays or the lab cap passes. */
        void monitor(long capNanos) {
            long startedAt = System.nanoTime();
            try {
                while (true) {
                    boolean exited = process.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS);
                    readEvents();
                    if (exited || done) {
                        if (!exited && !process.waitFor(5, TimeUnit.SECONDS)) {
                            kill();
                        }
                        readEvents();
                        break;
                    }
                    long now = System.nanoTime();
                    boolean wedged = inFlight != null
                            && now - inFlightSince
                                    > limitFor(inFlight).plus(WEDGED_GRACE).toNanos();
                    boolean slowStart = planned == null && now - startedAt > STARTUP_LIMIT.toNanos();
                    if (wedged || slowStart || now > capNanos) {
                        killedWedged = true;
                        kill();
                        readEvents();
                        break;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill();
            }
            if (!done && inFlight != null && planned != null) {
                culprit = planned.stream()
                        .filter(t -> t.outcome().id().equals(inFlight))
                        .findFirst()
                        .orElse(null);
                culpritWhy = killedWedged
                        ? "The grading JVM stopped responding during this test and was stopped after "
                                + limitFor(inFlight).plus(WEDGED_GRACE).toSeconds()
                                + " s (did your program use up all memory or CPU,"
                                + " or block the JVM?)."
                        : "The grading JVM ended during this test" + exitDescription()
                                + ". Did your program call System.exit (or Runtime.halt)? A program under test must "
                                + "never end the JVM;"
                                + " report errors by throwing or printing instead.";
            }
        }

        TestOutcome culpritOutcome() {
            Status status = killedWedged ? Status.TIMED_OUT : Status.CRASHED;
            return TestOutcome.notRun(
                    culprit.outcome(),
                    status,
                    culpritWhy + "\nRerun: "
                            + GradingContext.rerunCommand(
                                    culprit.outcome().lab(),
                                    culprit.outcome().id(),
                                    GradingContext.seedFor(culprit.outcome().id())));
        }

        String problem() {
            String tail = logTail();
            return "exit" + exitDescription() + (tail.isBlank() ? "" : "; its last output: " + tail);
        }

        private String exitDescription() {
            return process.isAlive() ? "" : " (exit code " + process.exitValue() + ")";
        }

        private Duration limitFor(String id) {
            return planned == null
                    ? Duration.ofSeconds(30)
                    : planned.stream()
                            .filter(t -> t.outcome().id().equals(id))
                            .findFirst()
                            .map(t -> Duration.ofSeconds(t.timeoutSeconds()))
                            .orElse(Duration.ofSeconds(30));
        }

        private void kill() {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void readEvents() {
            try (RandomAccessFile file = new RandomAccessFile(events.toFile(), "r")) {
                if (file.length() <= readOffset) {
                    return;
                }
                file.seek(readOffset);
                byte[] bytes = new byte[(int) (file.length() - readOffset)];
                file.readFully(bytes);
                readOffset += bytes.length;
                partialLine.append(new String(bytes, StandardCharsets.UTF_8));
            } catch (IOException e) {
                return;
            }
            int newline;
            while ((newline = partialLine.indexOf("\n")) >= 0) {
                String line = partialLine.substring(0, newline);
                partialLine.delete(0, newline + 1);
                String event = seal.open(line);
                if (event == null) {
                    continue; // not sealed with this worker's key: the worker did not write it
                }
                try {
                    handle(gson.fromJson(event, WorkerEvent.class));
                } catch (RuntimeException e) {
                    // a sealed line that is no event: a bug of the grader's, never a student's; the test stays
                    // unaccounted
                }
            }
        }

        private void handle(WorkerEvent event) {
            switch (event.type()) {
                case PLANNED -> planned = event.planned();
                case STARTED -> {
                    inFlight = event.started();
                    inFlightSince = System.nanoTime();
                }
                case FINISHED -> {
                    TestOutcome outcome = withinPlan(event.finished());
                    if (outcome != null) {
                        finished.put(outcome.id(), outcome);
                    }
                    if (event.backends() != null) {
                        backends.addAll(event.backends());
                    }
                    inFlight = null;
                }
                case DONE -> {
                    done = true;
                    if (event.backends() != null) {
                        backends.addAll(event.backends());
                    }
                }
            }
        }

        /** A result only for a planned test, with its points within 0 and the planned maximum. */
        private TestOutcome withinPlan(TestOutcome reported) {
            if (planned == null || reported == null) {
                return null;
            }
            TestOutcome plan = planned.stream()
                    .filter(t -> t.outcome().id().equals(reported.id()))
                    .findFirst()
                    .map(WorkerEvent.PlannedTest::outcome)
                    .orElse(null);
            if (plan == null) {
                return null;
            }
            double points =
                    reported.status() == Status.PASSED ? Math.max(0, Math.min(reported.points(), plan.maxPoints())) : 0;
            return new TestOutcome(
                    plan.lab(),
                    plan.exercise(),
                    plan.exerciseTitle(),
                    plan.id(),
                    plan.name(),
                    points,
                    plan.maxPoints(),
                    reported.status(),
                    reported.feedback(),
                    plan.hidden(),
                    plan.bonus(),
                    reported.millis(),
                    reported.backends(),
                    reported.wire());
        }

        private String logTail() {
            try {
                if (!Files.exists(log)) {
                    return "";
                }
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
            } catch (IOException | UncheckedIOException e) {
                return "";
            }
        }
    }
}
