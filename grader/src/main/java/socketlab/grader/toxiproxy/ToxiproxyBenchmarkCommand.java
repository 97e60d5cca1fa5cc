package socketlab.grader.toxiproxy;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

/** Measures the embedded engine against its goals: throughput, latency accuracy and bandwidth accuracy. */
@Command(name = "bench-toxiproxy",
        description = "Benchmarks the embedded Toxiproxy-compatible engine on 127.0.0.1 (about 20 s).")
public final class ToxiproxyBenchmarkCommand implements Callable<Integer> {

    @Option(names = "--megabytes", defaultValue = "256", description = "Data per throughput run (default: ${DEFAULT-VALUE}).")
    int megabytes;

    @Option(names = "--runs", defaultValue = "5", description = "Throughput runs each way; the best counts (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--round-trips", defaultValue = "200", description = "Round trips through the 50 ms latency toxic (default: ${DEFAULT-VALUE}).")
    int roundTrips;

    @Option(names = "--bandwidth-seconds", defaultValue = "3", description = "Length of the 1000 KB/s transfer (default: ${DEFAULT-VALUE}).")
    int bandwidthSeconds;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (megabytes < 1 || runs < 1 || roundTrips < 1 || bandwidthSeconds < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--megabytes, --runs, --round-trips and --bandwidth-seconds must be at least 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "bench-toxiproxy: embedded Toxiproxy-compatible engine, Java %s, %d CPUs%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        out.flush();
        try (ToxiproxyBenchmark bench = new ToxiproxyBenchmark()) {
            ToxiproxyBenchmark.Throughput throughput = bench.throughput(megabytes * 1_000_000L, runs);
            out.printf(Locale.ROOT, "throughput, no toxic:  engine %.0f MB/s vs direct loopback %.0f MB/s -> ratio %.2f"
                    + " (goal >= 0.60)%n", throughput.proxiedMBps(), throughput.directMBps(), throughput.ratio());
            out.flush();

            ToxiproxyBenchmark.LatencyError latency = bench.latency(50, roundTrips);
            out.printf(Locale.ROOT, "latency toxic 50 ms:   added-delay error median %+.2f ms, p99 %+.2f ms"
                    + " (p99 |error| %.2f ms) over %d round trips; baseline RTT %.3f ms (goal: median <= 2 ms)%n",
                    latency.medianErrorMillis(), latency.p99ErrorMillis(), latency.p99AbsoluteErrorMillis(),
                    latency.roundTrips(), latency.baselineMillis());
            out.flush();

            ToxiproxyBenchmark.Bandwidth bandwidth = bench.bandwidth(1000, bandwidthSeconds * 1_000_000L);
            out.printf(Locale.ROOT, "bandwidth 1000 KB/s:   measured %.1f KB/s, error %+.2f%% (goal within 5%%)%n",
                    bandwidth.measuredKBps(), bandwidth.errorPercent());
            out.flush();
            return 0;
        } catch (IOException e) {
            spec.commandLine().getErr().println("bench-toxiproxy: " + e.getMessage());
            return 1;
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ToxiproxyBenchmarkCommand()).execute(args));
    }
}
