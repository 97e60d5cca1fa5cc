package socketlab.grader.batch;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import socketlab.grader.core.RerunCommand;
import socketlab.grader.report.Reports;
import socketlab.grader.results.GradingReport;
import socketlab.grader.results.Points;
import socketlab.grader.run.Grading;
import socketlab.grader.run.GradingOptions;
import socketlab.grader.run.TempFolder;

/**
 * Grades a folder of submissions with the instructor's own grader and tests, several at a time, and
 * writes a report folder per student, {@code gradebook.csv} and a summary. Each submission is graded
 * in JVMs of its own under a time cap, so no submission can hang, crash or stall the others.
 */
public final class ClassGrading {

    public static final String GRADEBOOK = "gradebook.csv";
    public static final String SUMMARY = "summary.txt";

    private final GradingOptions template;
    private final int jobs;
    private final PrintStream out;
    private final boolean terminal;

    /** {@code template}: the options every submission is graded with (its submission folder is replaced). */
    public ClassGrading(GradingOptions template, int jobs, PrintStream out, boolean terminal) {
        this.template = template;
        this.jobs = Math.max(1, jobs);
        this.out = out;
        this.terminal = terminal;
    }

    public List<StudentResult> run(Path classFolder, Path outFolder) {
        return run(classFolder, outFolder, Shard.ALL);
    }

    /**
     * Grades {@code shard}'s submissions of {@code classFolder}; {@code grade-class merge} joins the shards' folders.
     */
    public List<StudentResult> run(Path classFolder, Path outFolder, Shard shard) {
        long start = System.nanoTime();
        try (TempFolder temp = TempFolder.create("socketlab-class-")) {
            Path unpacked = temp.path();
            List<Submission> submissions = SubmissionFinder.find(classFolder, unpacked, template.kitRoot(), shard);
            out.println("Grading " + submissions.size() + " submissions from " + classFolder
                    + (shard.equals(Shard.ALL) ? "" : " (shard " + shard + ")") + ", " + jobs + " at a time.");
            List<StudentResult> results = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(jobs, r -> {
                Thread t = new Thread(r, "grade-submission");
                t.setDaemon(true);
                return t;
            });
            try (Progress progress = new Progress(out, submissions.size(), terminal)) {
                List<Future<StudentResult>> futures = new ArrayList<>();
                for (Submission submission : submissions) {
                    futures.add(pool.submit(() -> {
                        StudentResult result = grade(submission, outFolder, progress);
                        progress.finished(result);
                        return result;
                    }));
                }
                for (Future<StudentResult> future : futures) {
                    results.add(future.get());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("grading failed: " + e.getCause(), e.getCause());
            } finally {
                pool.shutdownNow();
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            new ClassResults(
                            shard.toString(),
                            classFolder.getFileName().toString(),
                            elapsed.toMillis(),
                            results.stream().map(ClassResults.Student::of).toList())
                    .write(outFolder);
            out.println();
            out.print(writeGradebook(results, elapsed, outFolder));
            return results;
        }
    }

    private StudentResult grade(Submission submission, Path outFolder, Progress progress) {
        if (submission.labsRoot() == null) {
            return StudentResult.failed(submission, "no-labs", submission.problem());
        }
        // The rerun names what the instructor has (the student's folder or zip), not this run's temporary copy.
        String rerun = RerunCommand.grading("{lab}", submission.source().toString());
        GradingOptions options = template.forSubmission(submission.labsRoot(), rerun);
        GradingReport report = new Grading(options, step -> progress.step(submission.name(), step))
                .run()
                .withLabNotes(submission.labNotes());
        Reports.write(report, outFolder.resolve(safeName(submission.name())));
        return StudentResult.of(submission, report);
    }

    /** Writes {@code gradebook.csv} and {@code summary.txt} into {@code outFolder}; returns the summary. */
    static String writeGradebook(List<StudentResult> results, Duration elapsed, Path outFolder) {
        String summary = summary(results, elapsed, outFolder);
        write(outFolder.resolve(GRADEBOOK), Gradebook.csv(results));
        write(outFolder.resolve(SUMMARY), summary);
        return summary;
    }

    static String summary(List<StudentResult> results, Duration elapsed, Path outFolder) {
        StringBuilder s = new StringBuilder();
        s.append("Graded ")
                .append(results.size())
                .append(" submissions in ")
                .append(minutes(elapsed))
                .append(".\n");
        Map<String, Long> statuses = new TreeMap<>(
                results.stream().collect(Collectors.groupingBy(StudentResult::status, Collectors.counting())));
        s.append("  Status: ")
                .append(statuses.entrySet().stream()
                        .map(e -> e.getKey() + " " + e.getValue())
                        .collect(Collectors.joining(" · ")))
                .append('\n');
        List<StudentResult> graded =
                results.stream().filter(r -> r.report() != null).toList();
        if (!graded.isEmpty()) {
            double max =
                    graded.stream().mapToDouble(StudentResult::maxPoints).max().orElse(0);
            List<Double> scores =
                    graded.stream().map(StudentResult::points).sorted().toList();
            double mean =
                    scores.stream().mapToDouble(Double::doubleValue).average().orElse(0);
            StudentResult low = graded.stream()
                    .min(Comparator.comparingDouble(StudentResult::points))
                    .orElseThrow();
            StudentResult high = graded.stream()
                    .max(Comparator.comparingDouble(StudentResult::points))
                    .orElseThrow();
            s.append(String.format(
                    "  Scores (out of %s): mean %.1f, median %s, lowest %s (%s), highest %s (%s)%n",
                    num(max),
                    mean,
                    num(scores.get(scores.size() / 2)),
                    num(low.points()),
                    low.submission().name(),
                    num(high.points()),
                    high.submission().name()));
            StudentResult slowest = graded.stream()
                    .max(Comparator.comparing(StudentResult::elapsed))
                    .orElseThrow();
            s.append("  Slowest to grade: ")
                    .append(slowest.submission().name())
                    .append(" (")
                    .append(slowest.elapsed().toSeconds())
                    .append(" s)\n");
        }
        results.stream()
                .filter(r -> !r.status().equals("ok"))
                .forEach(r -> s.append("  ")
                        .append(r.submission().name())
                        .append(": ")
                        .append(r.status())
                        .append(" — ")
                        .append(r.notes())
                        .append('\n'));
        s.append("Gradebook: ").append(outFolder.resolve(GRADEBOOK)).append('\n');
        s.append("Reports:   ").append(outFolder).append("/<student>/report.html, report.md, results.json\n");
        return s.toString();
    }

    static String safeName(String name) {
        String safe = name.replaceAll("[^A-Za-z0-9._@-]", "_");
        return safe.isEmpty() || safe.startsWith(".") ? "_" + safe : safe;
    }

    private static String minutes(Duration d) {
        return d.toMinutes() == 0 ? d.toSeconds() + " s" : d.toMinutes() + " min " + d.toSecondsPart() + " s";
    }

    private static String num(double v) {
        return Points.format(v);
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
