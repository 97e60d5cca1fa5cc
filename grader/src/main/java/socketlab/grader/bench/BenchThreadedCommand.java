package socketlab.grader.bench;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import socketlab.grader.run.LabCompiler;

/**
 * {@code bench-threaded}: lab-threaded's servers under 1,000 concurrent clients, side by side with a
 * single-threaded baseline. A measurement, not a graded test.
 */
@Command(
        name = "bench-threaded",
        mixinStandardHelpOptions = true,
        description = {
            "Load-tests lab-threaded's servers: M1 (thread per connection), M2 (thread pool), M3 (web server),",
            "and single-threaded baselines, each with N concurrent clients making requests on new connections.",
            "Prints requests per second and p50/p99 latency, and checks every reply (none may be lost or wrong)."
        })
public final class BenchThreadedCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--submission",
            paramLabel = "DIR",
            description = "folder holding lab-threaded (default: ${DEFAULT-VALUE})")
    private Path submission = Path.of("solutions");

    @Option(names = "--clients", paramLabel = "N", description = "concurrent clients (default: ${DEFAULT-VALUE})")
    private int clients = 1000;

    @Option(
            names = "--requests",
            paramLabel = "N",
            description = "requests per client, one after another (default: ${DEFAULT-VALUE})")
    private int requests = 10;

    @Option(names = "--pool", paramLabel = "N", description = "M2's worker threads (default: ${DEFAULT-VALUE})")
    private int pool = 16;

    @Option(
            names = "--page-bytes",
            paramLabel = "N",
            description = "size of the page M3 serves (default: ${DEFAULT-VALUE})")
    private int pageBytes = 4096;

    @Option(names = "--seed", paramLabel = "N", description = "seed for the page's content (default: ${DEFAULT-VALUE})")
    private long seed = 1;

    @Option(
            names = "--delay-ms",
            paramLabel = "MS",
            description = {
                "slow clients (uppercase servers only): each connection sends a line,",
                "reads the reply, pauses this long, then sends a second line (default: ${DEFAULT-VALUE}: one line, "
                        + "no pause)"
            })
    private int delayMillis = 0;

    @Option(
            names = "--warmup",
            paramLabel = "N",
            description =
                    "requests (100 clients) to warm each server up with, not measured (default: ${DEFAULT-VALUE})")
    private int warmup = 2000;

    private static final int BACKLOG = 1000;

    @Override
    public Integer call() throws Exception {
        if (clients < 1 || requests < 1 || pool < 1 || pageBytes < 0 || delayMillis < 0 || warmup < 0) {
            throw new ParameterException(
                    spec.commandLine(), "--clients, --requests and --pool must be at least 1, the others not negative");
        }
        PrintWriter out = spec.commandLine().getOut();
        Path kit = Path.of(System.getProperty("socketlab.kit.root", ""))
                .toAbsolutePath()
                .normalize();
        Path lab = (submission.isAbsolute() ? submission : kit.resolve(submission))
                .resolve("lab-threaded")
                .normalize();
        if (!Files.isDirectory(lab.resolve("src/main/java"))) {
            throw new ParameterException(spec.commandLine(), "no lab-threaded sources in " + lab);
        }
        Path work = Files.createTempDirectory("socketlab-bench-");
        try {
            LabCompiler.Compilation compiled = LabCompiler.compile(lab, work.resolve("classes"));
            if (!compiled.succeeded()) {
                out.println("bench-threaded: " + lab + " does not compile:\n" + compiled.messages());
                return 1;
            }
            Path root = Files.createDirectories(work.resolve("www"));
            byte[] page = page(pageBytes, seed);
            Files.write(root.resolve("page.html"), page);

            out.printf(
                    "bench-threaded: %d concurrent clients x %d requests each (a new connection per request), %s%n",
                    clients, requests, lab);
            out.printf(
                    "machine: %d cores, Java %s; M2 pool: %d workers; M3 page: %d bytes; client delay: %d ms; "
                            + "warm-up: %d requests%n%n",
                    Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"),
                    pool,
                    page.length,
                    delayMillis,
                    warmup);
            out.printf(
                    "%-52s %9s %8s %9s %9s %9s %6s %6s%n",
                    "server", "requests", "req/s", "p50 ms", "p99 ms", "max ms", "lost", "wrong");
            out.flush();

            List<LoadDriver.Figures> all = new ArrayList<>();
            try (URLClassLoader loader = new URLClassLoader(
                    new URL[] {compiled.classes().toUri().toURL()}, getClass().getClassLoader())) {
                LoadDriver.Exchange upper = LoadDriver.uppercase(delayMillis);
                LoadDriver.Exchange get = LoadDriver.httpGet("/page.html", page);

                all.add(row(
                        out,
                        "baseline: single-threaded uppercase server",
                        () -> {
                            SingleThreadedBaseline baseline = new SingleThreadedBaseline(BACKLOG);
                            return new Running(baseline, baseline.port(), baseline::serve);
                        },
                        upper));
                all.add(row(
                        out,
                        "M1 ThreadedTCPServer (thread per connection)",
                        () -> labServer(loader, "ThreadedTCPServer", new Class<?>[] {int.class}, 0),
                        upper));
                all.add(row(
                        out,
                        "M2 PooledTCPServer (" + pool + " workers)",
                        () -> labServer(
                                loader,
                                "PooledTCPServer",
                                new Class<?>[] {int.class, int.class, int.class},
                                0,
                                pool,
                                30_000),
                        upper));
                all.add(row(
                        out,
                        "baseline: single-threaded web server (M3 HttpRequest)",
                        () -> singleThreadedWeb(loader, root.toRealPath()),
                        get));
                all.add(row(
                        out,
                        "M3 WebServer (HttpRequest thread per connection)",
                        () -> labServer(loader, "WebServer", new Class<?>[] {int.class, Path.class}, 0, root),
                        get));
            }
            long lost = all.stream().mapToLong(LoadDriver.Figures::lost).sum();
            long wrong = all.stream().mapToLong(LoadDriver.Figures::wrong).sum();
            long checked = all.stream().mapToLong(LoadDriver.Figures::requests).sum();
            out.println();
            out.printf(
                    "every reply checked: %d requests, %d lost, %d wrong%s%n",
                    checked, lost, wrong, lost + wrong == 0 ? " — no reply lost" : "");
            all.stream()
                    .filter(f -> f.firstProblem() != null)
                    .findFirst()
                    .ifPresent(f -> out.println("first problem: " + f.firstProblem()));
            out.flush();
            return lost + wrong == 0 ? 0 : 1;
        } finally {
            deleteQuietly(work);
        }
    }

    /** A server running on a daemon thread, and how to stop it. */
    private record Running(Closeable server, int port, ServeLoop loop) {}

    @FunctionalInterface
    private interface ServeLoop {
        void serve() throws Exception;
    }

    @FunctionalInterface
    private interface Starter {
        Running start() throws Exception;
    }

    private LoadDriver.Figures row(PrintWriter out, String name, Starter starter, LoadDriver.Exchange exchange)
            throws Exception {
        PrintStream realErr = System.err;
        AtomicLong printed = new AtomicLong();
        System.setErr(new PrintStream(
                new OutputStream() {
                    @Override
                    public void write(int b) {
                        if (b == '\n') {
                            printed.incrementAndGet();
                        }
                    }
                },
                true,
                StandardCharsets.UTF_8));
        Running running;
        try {
            running = starter.start();
        } catch (Exception e) {
            System.setErr(realErr);
            throw e;
        }
        AtomicReference<Throwable> crashed = new AtomicReference<>();
        AtomicBoolean closing = new AtomicBoolean();
        Thread serving = new Thread(
                () -> {
                    try {
                        running.loop().serve();
                    } catch (Throwable stopped) {
                        if (!closing.get()) { // not our close(): the server broke, so its clients must not wait for it
                            crashed.set(stopped instanceof InvocationTargetException ? stopped.getCause() : stopped);
                            try {
                                running.server().close();
                            } catch (IOException ignored) {
                                // closing anyway
                            }
                        }
                    }
                },
                "bench-server");
        serving.setDaemon(true);
        serving.start();
        LoadDriver.Figures f;
        try {
            if (warmup > 0) {
                int warmClients = Math.min(100, warmup);
                LoadDriver.run(running.port(), warmClients, Math.max(1, warmup / warmClients), exchange);
            }
            f = LoadDriver.run(running.port(), clients, requests, exchange);
        } finally {
            closing.set(true);
            running.server().close();
            serving.join(10_000);
            System.setErr(realErr);
        }
        if (crashed.get() != null) {
            out.printf("%-52s serve() stopped: %s%n", name, crashed.get());
        }
        out.printf(
                "%-52s %9d %8.0f %9.1f %9.1f %9.1f %6d %6d%s%n",
                name,
                f.requests(),
                f.perSecond(),
                f.p50Nanos() / 1e6,
                f.p99Nanos() / 1e6,
                f.maxNanos() / 1e6,
                f.lost(),
                f.wrong(),
                printed.get() == 0 ? "" : "   (the server printed " + printed.get() + " error lines)");
        out.flush();
        return f;
    }

    private static Running labServer(ClassLoader loader, String simpleName, Class<?>[] types, Object... args)
            throws Exception {
        Class<?> type = loader.loadClass("socketlab.threaded." + simpleName);
        Constructor<?> constructor = type.getConstructor(types);
        Object server;
        try {
            server = constructor.newInstance(args);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(simpleName + " did not start: " + e.getCause(), e.getCause());
        }
        int port = (int) type.getMethod("port").invoke(server);
        return new Running(
                (Closeable) server, port, () -> type.getMethod("serve").invoke(server));
    }

    /** The textbook's single-threaded web server: M3's HttpRequest, run on the accept thread itself. */
    private static Running singleThreadedWeb(ClassLoader loader, Path root) throws Exception {
        Constructor<?> request =
                loader.loadClass("socketlab.threaded.HttpRequest").getConstructor(Socket.class, Path.class);
        ServerSocket serverSocket = new ServerSocket(0, BACKLOG, InetAddress.getLoopbackAddress());
        return new Running(serverSocket, serverSocket.getLocalPort(), () -> {
            while (true) {
                Socket connection = serverSocket.accept();
                ((Runnable) request.newInstance(connection, root)).run();
            }
        });
    }

    private static byte[] page(int size, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        String head = "<!DOCTYPE html><html><body><p>";
        String tail = "</p></body></html>\n";
        StringBuilder text = new StringBuilder(head);
        while (text.length() < size - tail.length()) {
            text.append((char) ('a' + random.nextInt(26)));
        }
        return (text + tail).getBytes(StandardCharsets.UTF_8);
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder left behind is harmless
        }
    }
}
