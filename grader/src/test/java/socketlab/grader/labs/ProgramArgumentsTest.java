package socketlab.grader.labs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every lab program reports a bad argument the same way, through the labs' generated {@code socketlab.Args}:
 * one line that names the argument and what it should be, the usage, exit status 2, and no stack trace.
 * Each program is run as a student runs it, in a JVM of its own, with the solutions' classes.
 */
@EnabledIf(value = "socketlab.grader.KitPaths#hasSolutions", disabledReason = "the student edition has no solutions")
class ProgramArgumentsTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "udp.UDPServer        | abc                      | the port must be a number from 0 to 65535, not "
                        + "'abc'       | [port]",
                "udp.UDPClient        | 127.0.0.1 70000          | the port must be a number from 1 to 65535, not "
                        + "'70000'     | [host [port]]",
                "udp.UDPStatsServer   | 1 2                      | too many arguments (2; at most 1)                 "
                        + "        | [port]",
                "udp.UDPStatsClient   | localhost 0              | the port must be a number from 1 to 65535, not "
                        + "'0'         | [host [port]]",
                "udp.UDPPingerServer  | -1                       | the port must be a number from 0 to 65535, not "
                        + "'-1'        | [port]",
                "udp.UDPPingerClient  | localhost 12000 x        | too many arguments (3; at most 2)                 "
                        + "        | [host [port]]",
                "udp.RdtReceiver      | ''                       | missing port                                      "
                        + "        | port file",
                "udp.RdtSender        | 127.0.0.1 15010          | missing file                                      "
                        + "        | host port file [timeoutMillis]",
                "udp.GbnSender        | 127.0.0.1 15010 f 200 0  | the window must be a number from 1 to 10000, not "
                        + "'0'       | host port file [timeoutMillis [window]]",
                "tcp.TCPServer        | 12000.5                  | the port must be a number from 0 to 65535, not "
                        + "'12000.5'   | [port]",
                "tcp.TCPClient        | localhost port           | the port must be a number from 1 to 65535, not "
                        + "'port'      | [host [port]]",
                "tcp.StatsServer      | 99999999999              | the port must be a number from 0 to 65535, not "
                        + "'99999999999' | [port]",
                "tcp.StatsClient      | a b c                    | too many arguments (3; at most 2)                 "
                        + "        | [host [port]]",
                "tcp.WebServer        | x .                      | the port must be a number from 0 to 65535, not "
                        + "'x'         | [port [folder]]",
                "tcp.ResilientClient  | 127.0.0.1 -              | the port must be a number from 1 to 65535, not "
                        + "'-'         | [host [port]]",
                "threaded.ThreadedTCPServer | 65536              | the port must be a number from 0 to 65535, not "
                        + "'65536'     | [port]",
                "threaded.PooledTCPServer   | 0 -3               | the number of threads must be a number from 1 to "
                        + "1000, not '-3' | [port [threads]]",
                "threaded.WebServer   | 6789 www extra           | too many arguments (3; at most 2)                 "
                        + "        | [port [web-root]]",
                "threaded.TCPClient   | 127.0.0.1 1e3            | the port must be a number from 1 to 65535, not "
                        + "'1e3'       | [host [port]]",
            })
    void aBadArgumentGetsOneLineAndTheUsage(String program, String arguments, String problem, String usage)
            throws Exception {
        Run run = run("socketlab." + program, arguments.isEmpty() ? List.of() : List.of(arguments.split(" ", -1)));
        String simpleName = program.substring(program.indexOf('.') + 1);
        assertThat(run.stderr.lines().toList())
                .as("what " + simpleName + " printed to standard error")
                .containsExactly(simpleName + ": " + problem, "usage: java socketlab." + program + " " + usage);
        assertThat(run.stdout)
                .as("what " + simpleName + " printed to standard output (nothing may run)")
                .isEmpty();
        assertThat(run.exitCode).as(simpleName + "'s exit status").isEqualTo(2);
    }

    @Test
    void aProblemAfterTheArgumentsGetsOneLineAndStatus1() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Run busy = run("socketlab.tcp.TCPServer", List.of(String.valueOf(taken.getLocalPort())));
            assertThat(busy.stderr.lines().toList())
                    .as("TCPServer on a port in use")
                    .hasSize(1)
                    .first()
                    .asString()
                    .startsWith("TCPServer: ")
                    .containsIgnoringCase("in use");
            assertThat(busy.exitCode).isEqualTo(1);
        }
        Run missing = run("socketlab.udp.RdtSender", List.of("127.0.0.1", "15010", "no-such-file.bin"));
        assertThat(missing.stderr.lines().toList())
                .containsExactly("RdtSender: cannot read no-such-file.bin (no such file)");
        assertThat(missing.exitCode).isEqualTo(1);
        Run unknownHost = run("socketlab.udp.UDPClient", List.of("no-such-host.invalid", "12000"), "hello\n");
        assertThat(unknownHost.stderr.lines().toList())
                .containsExactly("UDPClient: unknown host 'no-such-host.invalid'");
        assertThat(unknownHost.exitCode).isEqualTo(1);
    }

    private record Run(int exitCode, String stdout, String stderr) {}

    private static Run run(String mainClass, List<String> args) throws Exception {
        return run(mainClass, args, "");
    }

    private static Run run(String mainClass, List<String> args, String stdin) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx32m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                classesOf(mainClass),
                mainClass));
        command.addAll(args);
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(mainClass + " " + args + " was still running after 30 s");
        }
        return new Run(
                process.exitValue(),
                new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /** The solutions' compiled classes holding {@code mainClass} (they are on the test classpath). */
    private static String classesOf(String mainClass) throws IOException {
        try {
            return Path.of(Class.forName(mainClass)
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toString();
        } catch (ReflectiveOperationException | java.net.URISyntaxException e) {
            throw new IOException("cannot find the classes of " + mainClass, e);
        }
    }
}
