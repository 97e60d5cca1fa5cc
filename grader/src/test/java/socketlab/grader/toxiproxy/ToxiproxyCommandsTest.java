package socketlab.grader.toxiproxy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

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

        int exit = command.execute("--megabytes", "8", "--runs", "1", "--round-trips", "10", "--bandwidth-seconds", "1");

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("direct loopback, same run").contains("ratio to it (goal >= 0.80)")
                .contains("CPU per MB: sender, sink, proxy")
                .contains("latency 50 ms: median added error").contains("bandwidth 1000 KB/s");
    }
}
