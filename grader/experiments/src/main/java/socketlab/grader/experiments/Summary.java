package socketlab.grader.experiments;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes {@code summary.md}: what ran, how, the experiment's own charts and findings, and any failed runs. */
final class Summary {

    static final String FILE = "summary.md";
    /** Failed runs listed one by one; the rest are counted. */
    static final int FAILED_LISTED = 20;

    private Summary() {}

    /** What the page says about the machine and the run that made it. */
    record Making(String code, int repeats, int jobs, Duration elapsed, int cores, String javaVersion) {}

    static Path write(
            Experiment experiment, Runs runs, ExperimentRunner.Options options, int repeats, int jobs, Duration elapsed)
            throws Exception {
        Experiment.ReportContext context =
                new Experiment.ReportContext(options.quick(), repeats, options.seed(), options.command());
        experiment.drawCharts(runs, options.out(), context);
        Path shown = options.submission();
        Path here = Path.of("").toAbsolutePath();
        if (shown.isAbsolute() && shown.startsWith(here)) {
            shown = here.relativize(shown);
        }
        Making making = new Making(
                shown.toString().isEmpty() ? "." : shown.toString(),
                repeats,
                jobs,
                elapsed,
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        String page = page(experiment, runs, options, experiment.summary(runs, context), making);
        Path file = options.out().resolve(FILE);
        try {
            Files.writeString(file, page, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    /** The whole page: the experiment's title and {@code body}, the failed runs, and how it was made. */
    static String page(Experiment experiment, Runs runs, ExperimentRunner.Options options, String body, Making making) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("title", experiment.title());
        values.put("body", body.strip());
        values.put("failedRuns", failedRuns(runs.failed()));
        values.put("command", options.command());
        values.put("code", making.code());
        values.put("labs", String.join(", ", experiment.labs()));
        values.put("grid", options.quick() ? "quick" : "default");
        values.put("runsPerPoint", making.repeats() + (making.repeats() == 1 ? " run" : " runs"));
        values.put("seed", options.seed());
        values.put("jobs", making.jobs());
        values.put("wallTime", duration(making.elapsed()));
        values.put("cores", making.cores());
        values.put("javaVersion", making.javaVersion());
        return ReportTemplate.load("summary.md").fill(values);
    }

    private static String failedRuns(List<Run> failed) {
        if (failed.isEmpty()) {
            return "";
        }
        StringBuilder list = new StringBuilder();
        for (Run run : failed.subList(0, Math.min(FAILED_LISTED, failed.size()))) {
            list.append("- point ")
                    .append(run.point())
                    .append(" (")
                    .append(new Point(run.point(), run.params()).label())
                    .append("), run ")
                    .append(run.repeat())
                    .append(": ")
                    .append(run.error())
                    .append('\n');
        }
        if (failed.size() > FAILED_LISTED) {
            list.append("- … and ").append(failed.size() - FAILED_LISTED).append(" more (see runs.csv)\n");
        }
        return ReportTemplate.load("failed-runs.md").fill(Map.of("runs", list));
    }

    static String duration(Duration d) {
        long s = d.toSeconds();
        return s >= 60
                ? String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60)
                : String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
