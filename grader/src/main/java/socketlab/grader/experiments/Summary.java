package socketlab.grader.experiments;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Writes {@code summary.md}: what ran, how, the experiment's own charts and findings, and any failed runs. */
final class Summary {

    static final String FILE = "summary.md";

    private Summary() {
    }

    static Path write(Experiment experiment, Runs runs, ExperimentRunner.Options options, int repeats, int jobs,
                      Duration elapsed) throws Exception {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(experiment.title()).append("\n\n");
        String body = experiment.report(runs, options.out(),
                new Experiment.ReportContext(options.quick(), repeats, options.seed(), options.command()));
        md.append(body.strip()).append("\n\n");
        List<Run> failed = runs.failed();
        if (!failed.isEmpty()) {
            md.append("## Runs that failed\n\n");
            md.append("Failed runs are left out of the charts and tables above.\n\n");
            for (Run run : failed.subList(0, Math.min(20, failed.size()))) {
                md.append("- point ").append(run.point()).append(" (")
                        .append(new Point(run.point(), run.params()).label()).append("), run ").append(run.repeat())
                        .append(": ").append(run.error()).append('\n');
            }
            if (failed.size() > 20) {
                md.append("- … and ").append(failed.size() - 20).append(" more (see runs.csv)\n");
            }
            md.append('\n');
        }
        md.append("## How this was made\n\n");
        md.append("- Command: `").append(options.command()).append("`\n");
        Path shown = options.submission();
        Path here = Path.of("").toAbsolutePath();
        if (shown.isAbsolute() && shown.startsWith(here)) {
            shown = here.relativize(shown);
        }
        md.append("- Code under study: `").append(shown.toString().isEmpty() ? "." : shown).append("` (")
                .append(String.join(", ", experiment.labs())).append("), compiled with the grader's settings\n");
        md.append(String.format(Locale.ROOT, "- Grid: %s, %d run%s per point, seed %d (the same seed gives the same "
                        + "losses), %d worker JVMs at a time%n",
                options.quick() ? "quick" : "default", repeats, repeats == 1 ? "" : "s", options.seed(), jobs));
        md.append(String.format(Locale.ROOT, "- Wall time: %s on %d cores (Java %s); every run is a row of `runs.csv`%n",
                duration(elapsed), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version")));
        Path file = options.out().resolve(FILE);
        try {
            Files.writeString(file, md, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    static String duration(Duration d) {
        long s = d.toSeconds();
        return s >= 60 ? String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60)
                : String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
