package socketlab.grader.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import socketlab.grader.core.Lab;
import socketlab.grader.results.GradingReport;
import socketlab.grader.results.LabResult;
import socketlab.grader.results.LabStatus;
import socketlab.grader.results.Points;
import socketlab.grader.results.Status;
import socketlab.grader.results.TestOutcome;
import socketlab.grader.sandbox.Sandbox;
import socketlab.grader.toxiproxy.ToxiproxyBackends;

/**
 * Grades a submission: compiles each lab with the grader's settings and runs its suites in supervised
 * worker JVMs. A lab that does not compile scores 0 with the compiler's messages; the others are
 * still graded.
 */
public final class Grading {

    /**
     * In the student edition, a frozen copy of the skeletons as exported (all three labs' sources in one
     * module): the grader compiles against it, and plans the tests of a lab that cannot run from it,
     * because there the kit's own lab folders are the student's work and may not compile.
     */
    public static final String FROZEN_SKELETONS = "grader/lab-api";

    private final GradingOptions options;
    private final Consumer<String> progress;

    public Grading(GradingOptions options, Consumer<String> progress) {
        this.options = options;
        this.progress = progress;
    }

    /** The labs to grade: those asked for, or every known lab the submission holds. */
    public static List<String> labsIn(Path submission, List<String> requested) {
        if (!requested.isEmpty()) {
            return requested;
        }
        return Lab.folders().stream()
                .filter(lab -> Files.isDirectory(submission.resolve(lab).resolve("src/main/java")))
                .toList();
    }

    public GradingReport run() {
        long start = System.nanoTime();
        long deadline = start + options.submissionCap().toNanos();
        boolean separate = options.isolation() == Isolation.SEPARATE_JVM;
        try (TempFolder temp = TempFolder.create("socketlab-grading-");
                Sandbox sandbox = separate ? Sandbox.create(sensitive()) : null) {
            Path work = temp.path();
            // The TCP impairment backend is chosen once (Docker must prove it starts) and handed to every grading JVM.
            Path dockerSessions = work.resolve("docker-sessions");
            GradingOptions options =
                    this.options.withWorkerProperties(ToxiproxyBackends.choice().workerProperties(dockerSessions));
            try {
                return gradeLabs(options, work, sandbox, start, deadline);
            } finally {
                // No container outlives the run: a halted or killed grading JVM cannot stop its own.
                ToxiproxyBackends.removeDockerLeftovers(dockerSessions);
            }
        }
    }

    private GradingReport gradeLabs(GradingOptions options, Path work, Sandbox sandbox, long start, long deadline) {
        Path standIns = sandbox != null ? StandInBuild.forKit(options.kitRoot()) : null;
        List<LabResult> labs = new ArrayList<>();
        Set<String> backends = new LinkedHashSet<>();
        for (String lab : labsIn(options.submission(), options.labs())) {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            LabSupervisor supervisor =
                    new LabSupervisor(options.withLabCap(min(options.labCap(), left)), work, sandbox, standIns);
            labs.add(gradeLab(lab, supervisor, work));
            backends.addAll(supervisor.backends());
        }
        List<String> protections = sandbox == null
                ? List.of("none: the student's classes ran inside the test JVM (a benchmark's baseline, never a grade)")
                : sandbox.protections();
        return new GradingReport(
                options.submission().toString(),
                List.copyOf(backends),
                labs,
                Duration.ofNanos(System.nanoTime() - start),
                "",
                protections);
    }

    /**
     * What the student's programs must not see: the kit (the grader, its hidden tests, the solutions), this
     * submission's folder and the folder it is in (in a class, the other students' submissions).
     */
    private List<Path> sensitive() {
        List<Path> paths = new ArrayList<>(
                List.of(options.kitRoot().toAbsolutePath(), options.submission().toAbsolutePath()));
        Path parent = options.submission().toAbsolutePath().getParent();
        if (parent != null && parent.getNameCount() > 1) {
            paths.add(parent);
        }
        return paths;
    }

    private LabResult gradeLab(String lab, LabSupervisor supervisor, Path work) {
        Path folder = options.submission().resolve(lab);
        if (!Files.isDirectory(folder.resolve("src/main/java"))) {
            progress.accept(lab + ": not in the submission");
            return notGradable(lab, supervisor, work, LabStatus.MISSING, "The submission has no " + lab + " folder.");
        }
        progress.accept(lab + ": compiling");
        LabCompiler.Compilation compilation =
                LabCompiler.compile(folder, work.resolve(lab).resolve("classes"));
        if (!compilation.succeeded()) {
            progress.accept(lab + ": does not compile");
            return notGradable(
                    lab,
                    supervisor,
                    work,
                    LabStatus.COMPILE_ERROR,
                    lab + " does not compile, so none of its tests could run. The compiler said:\n"
                            + compilation.messages());
        }
        progress.accept(lab + ": running its graded tests");
        LabResult result = supervisor.grade(lab, compilation.classes());
        progress.accept(lab + ": " + format(result.points()) + " / " + format(result.maxPoints()));
        return result;
    }

    /**
     * A lab that cannot run still lists every test (0 points), planned from the kit's own skeleton: the
     * frozen copy in the student edition, where the kit's lab folder may be this very broken lab.
     */
    private LabResult notGradable(String lab, LabSupervisor supervisor, Path work, LabStatus status, String why) {
        LabCompiler.Compilation skeleton =
                LabCompiler.compile(skeletonOf(options.kitRoot(), lab), work.resolve("skeleton-" + lab));
        List<TestOutcome> tests = new ArrayList<>();
        if (skeleton.succeeded()) {
            for (WorkerEvent.PlannedTest test : supervisor.plan(lab, skeleton.classes())) {
                if (new TestSelection(options.tests()).selects(test.outcome())) {
                    tests.add(TestOutcome.notRun(test.outcome(), Status.NOT_RUN, why));
                }
            }
        }
        return new LabResult(lab, status, why, tests);
    }

    /**
     * The folder holding {@code lab}'s skeleton as exported: the student edition's frozen copy (where the kit's own
     * lab folders are the student's work), or the instructor kit's lab folder.
     */
    public static Path skeletonOf(Path kitRoot, String lab) {
        Path frozen = kitRoot.resolve(FROZEN_SKELETONS);
        return Files.isDirectory(frozen.resolve("src/main/java")) ? frozen : kitRoot.resolve(lab);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    static String format(double points) {
        return Points.format(points);
    }
}
