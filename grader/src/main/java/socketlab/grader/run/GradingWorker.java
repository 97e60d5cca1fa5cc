package socketlab.grader.run;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import com.google.gson.Gson;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.PostDiscoveryFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import socketlab.grader.core.BackendsUsed;
import socketlab.grader.core.ConsoleCapture;
import socketlab.grader.core.Exercise;
import socketlab.grader.core.Graded;
import socketlab.grader.core.GradedFailure;
import socketlab.grader.core.GradingContext;
import socketlab.grader.core.ThreadDeaths;
import socketlab.grader.core.Trace;
import socketlab.grader.results.Status;
import socketlab.grader.results.TestOutcome;
import socketlab.grader.sandbox.Bridge;
import socketlab.grader.toxiproxy.ToxiproxyBackends;
import socketlab.grader.wire.Timeline;

/**
 * Runs one lab's graded suites in a JVM of its own (the test JVM) and streams each result to an event
 * file for the {@link LabSupervisor}. It never loads a student's class: the lab classes it has are
 * stand-ins that call the student's JVM (see {@code socketlab.grader.sandbox}). It is expendable: if a
 * test overstays, it retires and the supervisor starts another for the tests that are left.
 *
 * <pre>
 *   GradingWorker --lab lab-udp --events FILE [--only ID_OR_EXERCISE]... [--skip ID]... [--list]
 * </pre>
 */
public final class GradingWorker {

    /** Where suites live: the graded ones shipped to students, and the instructor's hidden ones. */
    static final List<String> SUITE_PACKAGES = List.of("socketlab.grader.suites", "socketlab.grader.hidden");

    private final Writer events;
    private final EventSeal seal;
    private final Gson gson = new Gson();

    private GradingWorker(Writer events, EventSeal seal) {
        this.events = events;
        this.seal = seal;
    }

    public static void main(String[] args) throws IOException {
        WorkerOptions options = WorkerOptions.parse(args);
        // The supervisor's key comes first on standard input, and only there (see EventSeal).
        EventSeal seal = EventSeal.of(new String(System.in.readNBytes(64), StandardCharsets.US_ASCII));
        System.in.close();
        try (Writer events = Files.newBufferedWriter(
                options.events(), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            ConsoleCapture.install();
            ThreadDeaths.reportToTrace();
            Bridge.listen(Bridge.systemOut(), ThreadDeaths::reportFromStudentJvm);
            new GradingWorker(events, seal).run(options);
        }
        retire();
    }

    /**
     * Ends this JVM now. Student code may have left non-daemon threads behind (they must not keep it
     * alive) or programs it started (they must not outlive it).
     */
    static void retire() {
        Bridge.stop();
        ToxiproxyBackends.closeSelected(); // halting skips the shutdown hook that would stop a Toxiproxy container
        ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
        Runtime.getRuntime().halt(0);
    }

    private void run(WorkerOptions options) {
        Launcher launcher = LauncherFactory.create();
        LauncherDiscoveryRequestBuilder request =
                LauncherDiscoveryRequestBuilder.request().filters(onlyLab(options.lab()));
        SUITE_PACKAGES.forEach(pkg -> request.selectors(selectPackage(pkg)));
        TestPlan plan = launcher.discover(request.build());

        List<WorkerEvent.PlannedTest> planned = plannedTests(plan, options.lab());
        emit(WorkerEvent.planned(planned));
        if (options.list()) {
            emit(WorkerEvent.done(List.of()));
            return;
        }
        Set<String> toRun = new HashSet<>();
        for (WorkerEvent.PlannedTest test : planned) {
            if (options.selects(test.outcome())
                    && !options.skip().contains(test.outcome().id())) {
                toRun.add(test.outcome().id());
            }
        }
        LauncherDiscoveryRequestBuilder selected = LauncherDiscoveryRequestBuilder.request()
                .filters(onlyLab(options.lab()), (PostDiscoveryFilter) descriptor -> includeIf(descriptor, toRun));
        SUITE_PACKAGES.forEach(pkg -> selected.selectors(selectPackage(pkg)));
        Map<String, TestOutcome> plannedById = new ConcurrentHashMap<>();
        planned.forEach(test -> plannedById.put(test.outcome().id(), test.outcome()));
        launcher.execute(selected.build(), new Reporter(plannedById));
        emit(WorkerEvent.done(BackendsUsed.names()));
    }

    /** Keeps only the suites of {@code lab}. */
    private static PostDiscoveryFilter onlyLab(String lab) {
        return descriptor -> {
            Class<?> suite = suiteOf(descriptor);
            if (suite == null) {
                return FilterResult.included("container");
            }
            Exercise exercise = suite.getAnnotation(Exercise.class);
            return exercise != null && exercise.lab().equals(lab)
                    ? FilterResult.included("graded suite of " + lab)
                    : FilterResult.excluded("not part of " + lab);
        };
    }

    private static FilterResult includeIf(TestDescriptor descriptor, Set<String> ids) {
        if (descriptor.getSource().orElse(null) instanceof MethodSource method) {
            String id = idOf(method);
            return ids.contains(id) ? FilterResult.included("selected") : FilterResult.excluded("not selected");
        }
        return FilterResult.included("container");
    }

    private static Class<?> suiteOf(TestDescriptor descriptor) {
        return descriptor
                .getSource()
                .map(source -> {
                    if (source instanceof MethodSource method) {
                        return method.getJavaClass();
                    }
                    if (source instanceof org.junit.platform.engine.support.descriptor.ClassSource cls) {
                        return cls.getJavaClass();
                    }
                    return null;
                })
                .orElse(null);
    }

    static String idOf(MethodSource method) {
        Exercise exercise = method.getJavaClass().getAnnotation(Exercise.class);
        String prefix = exercise == null ? method.getJavaClass().getSimpleName() : exercise.id();
        return prefix + "." + method.getMethodName();
    }

    private static List<WorkerEvent.PlannedTest> plannedTests(TestPlan plan, String lab) {
        List<WorkerEvent.PlannedTest> tests = new ArrayList<>();
        for (TestIdentifier root : plan.getRoots()) {
            for (TestIdentifier id : plan.getDescendants(root)) {
                if (id.isTest() && id.getSource().orElse(null) instanceof MethodSource method) {
                    Graded graded = method.getJavaMethod().getAnnotation(Graded.class);
                    Exercise exercise = method.getJavaClass().getAnnotation(Exercise.class);
                    if (graded == null || exercise == null) {
                        continue;
                    }
                    TestOutcome outcome = new TestOutcome(
                            lab,
                            exercise.id(),
                            exercise.title(),
                            idOf(method),
                            displayName(id, method),
                            0,
                            graded.points(),
                            Status.NOT_RUN,
                            "",
                            exercise.hidden(),
                            exercise.bonus(),
                            0);
                    tests.add(new WorkerEvent.PlannedTest(
                            outcome, GradingContext.timeoutSeconds(graded.timeoutSeconds())));
                }
            }
        }
        tests.sort(Comparator.comparing(test -> exerciseOrder(test.outcome().exercise())));
        return tests;
    }

    /** The test's @DisplayName, or its method name when it has none (JUnit's default adds "()"). */
    private static String displayName(TestIdentifier id, MethodSource method) {
        String name = id.getDisplayName();
        return name.equals(method.getMethodName() + "()") ? method.getMethodName() : name;
    }

    /** U1, U2, ..., U10 in numeric order. */
    private static String exerciseOrder(String exercise) {
        String digits = exercise.replaceAll("\\D", "");
        String letters = exercise.replaceAll("\\d", "");
        return letters + String.format("%05d", digits.isEmpty() ? 0 : Integer.parseInt(digits));
    }

    private synchronized void emit(WorkerEvent event) {
        try {
            events.write(seal.seal(gson.toJson(event)));
            events.write('\n');
            events.flush();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write grading events", e);
        }
    }

    /** Turns JUnit's callbacks into started/finished events. */
    private final class Reporter implements TestExecutionListener {
        private final Map<String, TestOutcome> planned;
        private final Map<String, Long> startedAt = new ConcurrentHashMap<>();

        Reporter(Map<String, TestOutcome> planned) {
            this.planned = planned;
        }

        @Override
        public void executionStarted(TestIdentifier identifier) {
            if (identifier.isTest() && identifier.getSource().orElse(null) instanceof MethodSource method) {
                String id = idOf(method);
                startedAt.put(id, System.nanoTime());
                BackendsUsed.testStarted();
                emit(WorkerEvent.started(id));
            }
        }

        @Override
        public void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
            if (!(identifier.getSource().orElse(null) instanceof MethodSource method) || !identifier.isTest()) {
                return;
            }
            String id = idOf(method);
            TestOutcome plan = planned.get(id);
            if (plan == null) {
                return;
            }
            long millis = (System.nanoTime() - startedAt.getOrDefault(id, System.nanoTime())) / 1_000_000;
            Throwable failure = result.getThrowable().orElse(null);
            Status status;
            String feedback;
            if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
                status = Status.PASSED;
                feedback = "";
            } else if (failure instanceof GradedFailure graded) {
                status = graded.timedOut() ? Status.TIMED_OUT : Status.FAILED;
                feedback = graded.getMessage();
            } else {
                status = Status.FAILED;
                feedback = "The test could not run: " + failure;
            }
            double points = status == Status.PASSED ? plan.maxPoints() : 0;
            emit(WorkerEvent.finished(
                    new TestOutcome(
                            plan.lab(),
                            plan.exercise(),
                            plan.exerciseTitle(),
                            id,
                            plan.name(),
                            points,
                            plan.maxPoints(),
                            status,
                            feedback,
                            plan.hidden(),
                            plan.bonus(),
                            millis,
                            BackendsUsed.ofThisTest(),
                            wire(id, status)),
                    BackendsUsed.names()));
            if (status == Status.TIMED_OUT) {
                // The timed-out code may still be running (a thread cannot be made to stop); it must not
                // slow down or disturb the next tests, so this JVM retires and the supervisor starts a fresh one.
                retire();
            }
        }
    }

    /** The test's timeline, as typed data (a passing test's without payloads: it gets a picture, not a capture). */
    private static Timeline wire(String id, Status status) {
        Timeline timeline = Trace.takeFinished(id);
        if (timeline == null || timeline.events().isEmpty()) {
            return null;
        }
        return status == Status.PASSED ? timeline.withoutPayloads() : timeline;
    }

    /** The worker's command line (written by the supervisor, never by people). */
    record WorkerOptions(String lab, Path events, List<String> only, Set<String> skip, boolean list) {

        static WorkerOptions parse(String[] args) {
            String lab = null;
            Path events = null;
            List<String> only = new ArrayList<>();
            Set<String> skip = new HashSet<>();
            boolean list = false;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--lab" -> lab = args[++i];
                    case "--events" -> events = Path.of(args[++i]);
                    case "--only" -> only.add(args[++i]);
                    case "--skip" -> skip.add(args[++i]);
                    case "--list" -> list = true;
                    default -> throw new IllegalArgumentException("unknown worker option " + args[i]);
                }
            }
            if (lab == null || events == null) {
                throw new IllegalArgumentException("the worker needs --lab and --events");
            }
            return new WorkerOptions(lab, events, only, skip, list);
        }

        /** True if no --only was given, or one names this test's exercise, its id, or its method. */
        boolean selects(TestOutcome test) {
            return new TestSelection(only).selects(test);
        }
    }
}
