package socketlab.grader.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The two picocli commands: the server refuses non-loopback hosts; the benchmark prints its three figures. */
class ToxiproxyCommandsTest {

    @Test
    void serverRefusesANonLoopbackHost() {
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new ToxiproxyServerCommand()).setErr(new PrintWriter(err));

        int exit = command.execute("--host", "0.0.0.0", "--port", "0");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("refusing --host 0.0.0.0").contains("loopback");
    }

    @Test
    void benchmarkPrintsThroughputLatencyAndBandwidth() {
        StringWriter out = new StringWriter();
        CommandLine command = new CommandLine(new ToxiproxyBenchmarkCommand()).setOut(new PrintWriter(out));

        int exit =
                command.execute("--megabytes", "8", "--runs", "1", "--round-trips", "10", "--bandwidth-seconds", "1");

        assertThat(exit).isZero();
        assertThat(out.toString())
                .contains("direct loopback, same run")
                .contains("ratio to it (goal >= 0.80)")
                .contains("CPU per MB: sender, sink, proxy")
                .contains("ratio these CPUs allow at most")
                .contains("latency 50 ms: median added error")
                .contains("bandwidth 1000 KB/s");
    }

    @Test
    void theCpuCeilingIsTheTighterOfAllCpusSharedAndOneThreadEach() {
        // 300 + 300 + 400 us per MB: two CPUs shared give 2000 MB/s, the proxy's one thread 2500 MB/s.
        var cpu = new ToxiproxyBenchmark.CpuPerMegabyte(300, 300, 400);
        assertThat(cpu.ceilingMBps(2)).isCloseTo(2000.0, within(1e-9));
        // On eight CPUs the proxy's single thread per direction is the limit.
        assertThat(cpu.ceilingMBps(8)).isCloseTo(2500.0, within(1e-9));
        assertThat(new ToxiproxyBenchmark.CpuPerMegabyte(300, 300, Double.NaN).ceilingMBps(2))
                .isNaN();
    }
}
