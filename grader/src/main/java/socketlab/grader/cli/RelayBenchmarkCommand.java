package socketlab.grader.cli;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import socketlab.grader.relay.Impairment;
import socketlab.grader.relay.RelayBenchmark;

/** {@code bench-udp-relay}: how fast the UDP relay forwards, how exact its loss is, how punctual its delay is. */
@Command(
        name = "bench-udp-relay",
        mixinStandardHelpOptions = true,
        description = "Benchmarks the seeded UDP impairment relay on 127.0.0.1: forwarding rate without impairment, "
                + "measured loss at 10%% and 30%% configured loss, and delay error at a 50 ms delay.")
public final class RelayBenchmarkCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--datagrams",
            defaultValue = "200000",
            description = "Datagrams for the forwarding-rate run (default: ${DEFAULT-VALUE}).")
    private int rateDatagrams;

    @Option(
            names = "--loss-datagrams",
            defaultValue = "100000",
            description = "Datagrams for each loss run (default: ${DEFAULT-VALUE}).")
    private int lossDatagrams;

    @Option(
            names = "--delay-datagrams",
            defaultValue = "2000",
            description = "Datagrams for the delay run, sent 0.5 ms apart (default: ${DEFAULT-VALUE}).")
    private int delayDatagrams;

    @Option(
            names = "--window",
            defaultValue = "128",
            description = "Most datagrams in flight, so kernel buffers do not overflow (default: ${DEFAULT-VALUE}).")
    private int window;

    @Option(names = "--size", defaultValue = "32", description = "Payload bytes (default: ${DEFAULT-VALUE}).")
    private int size;

    @Option(names = "--seed", defaultValue = "42", description = "Relay seed (default: ${DEFAULT-VALUE}).")
    private long seed;

    public static void main(String[] args) {
        System.exit(new CommandLine(new RelayBenchmarkCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        requirePositive(rateDatagrams, "--datagrams");
        requirePositive(lossDatagrams, "--loss-datagrams");
        requirePositive(delayDatagrams, "--delay-datagrams");
        requirePositive(window, "--window");
        if (size < Long.BYTES || size > Impairment.MAX_UDP_PAYLOAD) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--size must be between " + Long.BYTES + " and " + Impairment.MAX_UDP_PAYLOAD + ", was " + size);
        }
        PrintWriter out = spec.commandLine().getOut();
        RelayBenchmark bench = new RelayBenchmark(seed, window, size);
        out.printf(
                Locale.ROOT,
                "UDP relay benchmark (127.0.0.1, %d-byte payloads, window %d, seed %d; %d CPUs, load average"
                        + " %.2f)%n",
                size,
                window,
                seed,
                Runtime.getRuntime().availableProcessors(),
                loadAverage());
        out.flush();

        bench.flood(Impairment.none(), Math.min(20_000, rateDatagrams)); // warm-up: JIT, socket buffers
        bench.floodDirect(Math.min(20_000, rateDatagrams));
        // Relay and direct loopback alternate, best of two each, so a busy moment on the machine decides neither.
        RelayBenchmark.Run plain = null;
        RelayBenchmark.Run direct = null;
        for (int round = 0; round < 2; round++) {
            plain = faster(plain, bench.flood(Impairment.none(), rateDatagrams));
            direct = faster(direct, bench.floodDirect(rateDatagrams));
        }
        out.printf(
                Locale.ROOT,
                "no impairment: %,d datagrams in %.2f s = %,.0f datagrams/s relayed" + " (kernel drops %d)%n",
                plain.delivered(),
                plain.elapsedNanos() / 1e9,
                plain.deliveredPerSecond(),
                plain.kernelDrops());
        out.printf(
                Locale.ROOT,
                "direct loopback, same sender and sink, same run: %,.0f datagrams/s (kernel drops %d)"
                        + " -> relay at %.2f of it (goal >= 0.50)%n",
                direct.deliveredPerSecond(),
                direct.kernelDrops(),
                plain.deliveredPerSecond() / direct.deliveredPerSecond());
        out.printf(
                Locale.ROOT,
                "load average after the rate runs: %.2f (other programs on the machine lower the ratio)%n",
                loadAverage());
        out.flush();

        for (double loss : new double[] {0.10, 0.30}) {
            RelayBenchmark.Run lossy = bench.flood(Impairment.none().loss(loss), lossDatagrams);
            out.printf(
                    Locale.ROOT,
                    "loss %2.0f%%: measured %.3f%% end to end over %,d datagrams"
                            + " (relay dropped %.3f%%, off by %.3f points; kernel drops %d)%n",
                    loss * 100,
                    lossy.measuredLoss() * 100,
                    lossy.sent(),
                    lossy.relayLoss() * 100,
                    Math.abs(lossy.measuredLoss() - loss) * 100,
                    lossy.kernelDrops());
            out.flush();
        }

        Duration delay = Duration.ofMillis(50);
        bench.paced(Impairment.none().delay(Duration.ofMillis(5)), 200, Duration.ofNanos(500_000)); // warm-up
        RelayBenchmark.Run delayed =
                bench.paced(Impairment.none().delay(delay), delayDatagrams, Duration.ofNanos(500_000));
        long[] errors = delayed.sortedLatencies();
        for (int i = 0; i < errors.length; i++) {
            errors[i] -= delay.toNanos();
        }
        out.printf(
                Locale.ROOT,
                "delay 50 ms: end-to-end error over %,d datagrams: %s (kernel drops %d)%n",
                errors.length,
                distribution(errors),
                delayed.kernelDrops());
        out.printf(
                Locale.ROOT,
                "delay 50 ms: relay timer lateness (sent - received - planned): %s%n",
                distribution(delayed.sortedRelayLateness()));
        out.flush();
        return 0;
    }

    /** The system's load average over the last minute (negative where the platform does not tell). */
    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static RelayBenchmark.Run faster(RelayBenchmark.Run best, RelayBenchmark.Run run) {
        return best == null || run.deliveredPerSecond() > best.deliveredPerSecond() ? run : best;
    }

    private void requirePositive(int value, String option) {
        if (value < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + " must be at least 1, was " + value);
        }
    }

    private static String distribution(long[] sortedNanos) {
        return String.format(
                Locale.ROOT,
                "mean %.3f ms, p50 %.3f ms, p99 %.3f ms, max %.3f ms",
                mean(sortedNanos) / 1e6,
                percentile(sortedNanos, 0.50) / 1e6,
                percentile(sortedNanos, 0.99) / 1e6,
                sortedNanos.length == 0 ? 0 : sortedNanos[sortedNanos.length - 1] / 1e6);
    }

    private static double mean(long[] values) {
        double sum = 0;
        for (long v : values) {
            sum += v;
        }
        return values.length == 0 ? 0 : sum / values.length;
    }

    /** Nearest-rank percentile of sorted values. */
    private static long percentile(long[] sorted, double fraction) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(fraction * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
