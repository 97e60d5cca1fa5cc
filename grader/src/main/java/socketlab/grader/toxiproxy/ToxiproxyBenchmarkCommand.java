package socketlab.grader.toxiproxy;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Measures the embedded engine against its goals (throughput against direct loopback measured in the same run,
 * latency accuracy, bandwidth accuracy) and, when TOXIPROXY_URL names a real Toxiproxy, the same for it, side by
 * side.
 */
@Command(
        name = "bench-toxiproxy",
        description =
                "Benchmarks the embedded Toxiproxy-compatible engine on 127.0.0.1 (about 20 s), and beside it the "
                        + "Toxiproxy at TOXIPROXY_URL when that is set.")
public final class ToxiproxyBenchmarkCommand implements Callable<Integer> {

    @Option(
            names = "--megabytes",
            defaultValue = "256",
            description = "Data per throughput run (default: ${DEFAULT-VALUE}).")
    int megabytes;

    @Option(
            names = "--runs",
            defaultValue = "5",
            description = "Throughput runs each way; the best counts (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(
            names = "--round-trips",
            defaultValue = "200",
            description = "Round trips through the 50 ms latency toxic (default: ${DEFAULT-VALUE}).")
    int roundTrips;

    @Option(
            names = "--bandwidth-seconds",
            defaultValue = "3",
            description = "Length of the 1000 KB/s transfer (default: ${DEFAULT-VALUE}).")
    int bandwidthSeconds;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help and exit.")
    boolean help;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** One backend's figures. */
    private record Figures(
            String name,
            ToxiproxyBenchmark.Throughput throughput,
            ToxiproxyBenchmark.LatencyError latency,
            ToxiproxyBenchmark.Bandwidth bandwidth) {}

    @Override
    public Integer call() {
        if (megabytes < 1 || runs < 1 || roundTrips < 1 || bandwidthSeconds < 1) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--megabytes, --runs, --round-trips and --bandwidth-seconds must be at least 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        String url = ToxiproxyBackends.configuredUrl();
        out.printf(
                Locale.ROOT,
                "bench-toxiproxy: Java %s, %d CPUs, load average %.2f; the embedded engine%s%n",
                System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(),
                loadAverage(),
                url == null
                        ? " (set TOXIPROXY_URL to measure a real Toxiproxy beside it)"
                        : " and the Toxiproxy at " + url);
        out.flush();
        List<Figures> all = new ArrayList<>();
        try {
            all.add(measure(new ToxiproxyBenchmark(ToxiproxyBackends.embedded()), out));
            if (url != null) {
                all.add(measure(new ToxiproxyBenchmark(ToxiproxyBackends.external(url)), out));
            }
        } catch (IOException | RuntimeException e) {
            spec.commandLine().getErr().println("bench-toxiproxy: " + e.getMessage());
            return 1;
        }
        out.println();
        int width = all.stream().mapToInt(f -> f.name().length()).max().orElse(0) + 3;
        row(out, width, "", all, Figures::name);
        row(
                out,
                width,
                "throughput, no toxic",
                all,
                f -> String.format(Locale.ROOT, "%.0f MB/s", f.throughput().proxiedMBps()));
        row(
                out,
                width,
                "  direct loopback, same run",
                all,
                f -> String.format(Locale.ROOT, "%.0f MB/s", f.throughput().directMBps()));
        row(
                out,
                width,
                "  ratio to it (goal >= 0.80)",
                all,
                f -> String.format(Locale.ROOT, "%.2f", f.throughput().ratio()));
        row(
                out,
                width,
                "  ratio per alternating pair",
                all,
                f -> String.format(
                        Locale.ROOT,
                        "median %.2f (%.2f-%.2f)",
                        f.throughput().medianPairRatio(),
                        f.throughput().pairRatios()[0],
                        f.throughput().pairRatios()[f.throughput().pairRatios().length - 1]));
        row(
                out,
                width,
                "  CPU per MB: sender, sink, proxy",
                all,
                f -> cpu(f.throughput().cpu()));
        int cpus = Runtime.getRuntime().availableProcessors();
        row(out, width, "  ratio these CPUs allow at most", all, f -> ceiling(f.throughput(), cpus));
        row(
                out,
                width,
                "latency 50 ms: median added error",
                all,
                f -> String.format(
                        Locale.ROOT, "%+.2f ms (goal <= 2 ms)", f.latency().medianErrorMillis()));
        row(
                out,
                width,
                "  p99 error",
                all,
                f -> String.format(Locale.ROOT, "%+.2f ms", f.latency().p99ErrorMillis()));
        row(
                out,
                width,
                "  baseline round trip",
                all,
                f -> String.format(
                        Locale.ROOT,
                        "%.3f ms (%d round trips)",
                        f.latency().baselineMillis(),
                        f.latency().roundTrips()));
        row(
                out,
                width,
                "bandwidth 1000 KB/s: measured",
                all,
                f -> String.format(Locale.ROOT, "%.1f KB/s", f.bandwidth().measuredKBps()));
        row(
                out,
                width,
                "  error (goal within 5%)",
                all,
                f -> String.format(Locale.ROOT, "%+.2f%%", f.bandwidth().errorPercent()));
        out.printf(
                Locale.ROOT,
                "load average at the end: %.2f (other programs on the machine lower every ratio)%n",
                loadAverage());
        out.flush();
        return 0;
    }

    private Figures measure(ToxiproxyBenchmark bench, PrintWriter out) throws IOException {
        try (bench) {
            out.printf("measuring the %s ...%n", bench.name());
            out.flush();
            return new Figures(
                    bench.name(),
                    bench.throughput(megabytes * 1_000_000L, runs),
                    bench.latency(50, roundTrips),
                    bench.bandwidth(1000, bandwidthSeconds * 1_000_000L));
        }
    }

    private static void row(
            PrintWriter out, int width, String what, List<Figures> all, Function<Figures, String> value) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-36s", what));
        for (Figures figures : all) {
            line.append(String.format(Locale.ROOT, "%-" + width + "s", value.apply(figures)));
        }
        out.println(line.toString().stripTrailing());
    }

    private static String cpu(ToxiproxyBenchmark.CpuPerMegabyte cpu) {
        String ends = String.format(Locale.ROOT, "%.0f, %.0f", cpu.senderMicros(), cpu.sinkMicros());
        return Double.isNaN(cpu.proxyMicros())
                ? ends + " us (proxy in another process)"
                : ends + String.format(Locale.ROOT, ", %.0f us", cpu.proxyMicros());
    }

    /** The ratio the CPU costs allow on this machine's CPUs: how far the measured ratio is from the machine's limit. */
    private static String ceiling(ToxiproxyBenchmark.Throughput throughput, int cpus) {
        double ceiling = throughput.cpu().ceilingMBps(cpus);
        return Double.isNaN(ceiling)
                ? "unknown (proxy in another process)"
                : String.format(
                        Locale.ROOT, "%.2f (%.0f MB/s on %d CPUs)", ceiling / throughput.directMBps(), ceiling, cpus);
    }

    /** The system's load average over the last minute (negative where the platform does not tell). */
    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ToxiproxyBenchmarkCommand()).execute(args));
    }
}
