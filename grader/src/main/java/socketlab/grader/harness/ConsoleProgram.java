package socketlab.grader.harness;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import socketlab.grader.core.Trace;
import socketlab.grader.sandbox.Bridge;
import socketlab.grader.sandbox.Sandbox;

/**
 * Runs a lab program's {@code main} the way a student does in a terminal: in its own JVM, with
 * arguments and typed input, and keeps what it prints. Its own JVM, so System.exit or a hang cannot
 * touch the grader; output is bounded.
 */
public final class ConsoleProgram {

    private static final int KEEP_BYTES = 64 * 1024;

    private final String mainClass;
    private final List<String> args = new ArrayList<>();
    private String stdin = "";
    private Duration limit = Duration.ofSeconds(15);

    private ConsoleProgram(String mainClass) {
        this.mainClass = mainClass;
    }

    public static ConsoleProgram java(Class<?> mainClass) {
        return new ConsoleProgram(mainClass.getName());
    }

    public ConsoleProgram args(Object... values) {
        for (Object value : values) {
            args.add(String.valueOf(value));
        }
        return this;
    }

    public ConsoleProgram stdin(String typed) {
        this.stdin = typed;
        return this;
    }

    public ConsoleProgram limit(Duration limit) {
        this.limit = limit;
        return this;
    }

    /** What a finished (or stopped) run printed and how it ended. */
    public record Result(int exitCode, String stdout, String stderr, boolean timedOut) {
        /** The standard output's lines, without the prompt text a program printed before reading input. */
        public List<String> lines() {
            return stdout.lines().toList();
        }
    }

    public Result run() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx128m");
        command.add("-XX:+DisableAttachMechanism");
        command.add("-cp");
        Sandbox sandbox = Sandbox.fromProperties();
        Path classes = Path.of(labClasspath());
        command.add((sandbox == null ? classes : sandbox.shareClasses(classes)).toString());
        command.add(mainClass);
        command.addAll(args);
        String shown = "java " + mainClass.substring(mainClass.lastIndexOf('.') + 1)
                + (args.isEmpty() ? "" : " " + String.join(" ", args));
        Trace.current().wire("$ " + shown + (stdin.isEmpty() ? "" : "   (typed: " + Text.quote(stdin) + ")"));
        try {
            ProcessBuilder builder = sandbox == null
                    ? new ProcessBuilder(command)
                    : sandbox.prepare(new ProcessBuilder(sandbox.command(command)));
            Process process = builder.start();
            Drain out = new Drain(process.getInputStream());
            Drain err = new Drain(process.getErrorStream());
            try (OutputStream in = process.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // the program ended without reading its input: what it printed tells why
            }
            boolean finished = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
            Result result = new Result(finished ? process.exitValue() : -1, out.text(), err.text(), !finished);
            Trace.current()
                    .program(shown
                            + (finished
                                    ? " exited with code " + result.exitCode()
                                    : " was still running after " + limit.toSeconds() + " s and was stopped"));
            result.stdout()
                    .strip()
                    .lines()
                    .limit(10)
                    .forEach(line -> Trace.current().program("  stdout | " + line));
            result.stderr()
                    .strip()
                    .lines()
                    .limit(10)
                    .forEach(line -> Trace.current().program("  stderr | " + line));
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + shown, e);
        }
    }

    private static String labClasspath() {
        String classes = System.getProperty(Bridge.LAB_CLASSES_PROPERTY);
        if (classes == null) {
            throw new IllegalStateException("the grading worker did not say where the lab's classes are ("
                    + Bridge.LAB_CLASSES_PROPERTY + " is not set)");
        }
        return classes;
    }

    /** Reads a stream to its end on a daemon thread, keeping at most {@value #KEEP_BYTES} bytes. */
    private static final class Drain {
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final Thread thread;
        private long dropped;

        Drain(InputStream stream) {
            thread = new Thread(
                    () -> {
                        byte[] buffer = new byte[8192];
                        try (stream) {
                            int n;
                            while ((n = stream.read(buffer)) != -1) {
                                synchronized (this) {
                                    int take = Math.max(0, Math.min(n, KEEP_BYTES - kept.size()));
                                    kept.write(buffer, 0, take);
                                    dropped += n - take;
                                }
                            }
                        } catch (IOException ignored) {
                            // the process is gone
                        }
                    },
                    "console-drain");
            thread.setDaemon(true);
            thread.start();
        }

        String text() throws InterruptedException {
            thread.join(2000);
            synchronized (this) {
                String text = kept.toString(StandardCharsets.UTF_8);
                return dropped == 0 ? text : text + "\n… (" + dropped + " more bytes not kept)";
            }
        }
    }
}
