package socketlab.grader.experiments;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

final class PingerExperiment implements Experiment {
    public String name() { return "pinger"; }
    public String title() { return "pinger"; }
    public List<String> labs() { return List.of("lab-udp"); }
    public List<Map<String, Object>> grid(boolean quick) { return List.of(); }
    public int defaultRepeats(boolean quick) { return 1; }
    public int defaultJobs() { return 1; }
    public Duration pointLimit(Point point, int repeats) { return Duration.ofSeconds(60); }
    public Map<String, Double> run(Point point, long seed, int repeat, Map<String, String> settings) { return Map.of(); }
    public String report(Runs runs, Path out, ReportContext context) { return ""; }
}
