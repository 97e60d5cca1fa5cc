package socketlab.grader.toxiproxy;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import socketlab.grader.toxiproxy.embedded.EmbeddedToxiproxy;

/** Runs the embedded Toxiproxy-compatible engine in the foreground, for toxiproxy-cli, curl or any client. */
@Command(
        name = "toxiproxy-server",
        description = "Runs an embedded Toxiproxy-compatible server (API of Toxiproxy 2.12) until interrupted.")
public final class ToxiproxyServerCommand implements Callable<Integer> {

    @Option(
            names = "--host",
            defaultValue = "127.0.0.1",
            description = "API host; loopback only (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(
            names = "--port",
            defaultValue = "8474",
            description = "API port; 0 = any free port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--seed", description = "Seed for toxicity, jitter and slicer randomness, to replay a run.")
    Long seed;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help and exit.")
    boolean help;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!isLoopback(host)) {
            err.println("toxiproxy-server: refusing --host " + host + ": the embedded server listens on loopback only "
                    + "(127.0.0.1 or localhost), so nothing outside this machine can reach it.");
            return 2;
        }
        EmbeddedToxiproxy.Builder builder =
                EmbeddedToxiproxy.builder().host(host).port(port);
        if (seed != null) {
            builder.seed(seed);
        }
        EmbeddedToxiproxy server;
        try {
            server = builder.start();
        } catch (UncheckedIOException | IllegalArgumentException e) {
            err.println("toxiproxy-server: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.close();
                            stopped.countDown();
                        },
                        "toxiproxy-server-shutdown"));
        out.println("Toxiproxy-compatible server (embedded engine, API 2.12) listening on " + server.url());
        out.println("Random seed: " + server.seed() + "    Stop with Ctrl-C.");
        out.flush();
        stopped.await();
        return 0;
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ToxiproxyServerCommand()).execute(args));
    }
}
