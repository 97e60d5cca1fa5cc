package socketlab.grader.suites.threaded;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Runs n client tasks side by side on the grader's own threads and collects what each saw. Every task
 * is given the crowd's deadline and must bound its waits by it (quiet TcpProbes and HttpProbes do), so
 * the crowd always ends shortly after the deadline, whatever the server does.
 */
final class Crowd {

    /** What one client ended with: its result, or why it has none. */
    record Outcome<R>(int client, R value, String problem) {
        boolean ok() {
            return problem == null;
        }
    }

    /** A client task, told its number (1…n) and the deadline (System.nanoTime) it must respect. */
    @FunctionalInterface
    interface Task<R> {
        R run(long deadlineNanos) throws Exception;
    }

    /** A client saw something wrong; its message is shown as it is. */
    static final class Problem extends Exception {
        private static final long serialVersionUID = 1L;

        Problem(String message) {
            super(message);
        }
    }

    private Crowd() {}

    /** Runs {@code n} tasks at once; returns their outcomes in client order and how long the crowd took. */
    static <R> Result<R> run(int n, long deadlineNanos, IntFunction<Task<R>> tasks) throws InterruptedException {
        AtomicInteger names = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(n, body -> {
            Thread t = new Thread(body, "grader-client-" + names.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        long start = System.nanoTime();
        List<Future<R>> futures = new ArrayList<>();
        try {
            for (int i = 1; i <= n; i++) {
                Task<R> task = tasks.apply(i);
                Callable<R> call = () -> task.run(deadlineNanos);
                futures.add(threads.submit(call));
            }
            threads.shutdown();
            threads.awaitTermination(
                    Math.max(0, deadlineNanos - System.nanoTime()) + TimeUnit.SECONDS.toNanos(10),
                    TimeUnit.NANOSECONDS);
            long tookNanos = System.nanoTime() - start;
            List<Outcome<R>> outcomes = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Future<R> future = futures.get(i);
                if (!future.isDone()) {
                    outcomes.add(new Outcome<>(i + 1, null, "still running after the deadline"));
                    continue;
                }
                try {
                    outcomes.add(new Outcome<>(i + 1, future.get(), null));
                } catch (java.util.concurrent.ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof UncheckedIOException io) {
                        cause = io.getCause(); // the probes' wrapper: the socket's own error says what happened
                    }
                    outcomes.add(new Outcome<>(
                            i + 1,
                            null,
                            cause instanceof Problem
                                    ? cause.getMessage()
                                    : cause.getClass().getSimpleName() + ": " + cause.getMessage()));
                }
            }
            return new Result<>(outcomes, tookNanos);
        } finally {
            threads.shutdownNow();
        }
    }

    /** The crowd's outcomes and its wall-clock time. */
    record Result<R>(List<Outcome<R>> outcomes, long tookNanos) {
        long tookMillis() {
            return tookNanos / 1_000_000;
        }

        List<Outcome<R>> failed() {
            return outcomes.stream().filter(o -> !o.ok()).toList();
        }

        /** "client 3: no reply in time; client 7: ..." for the first few failures. */
        String firstProblems(int max) {
            StringBuilder out = new StringBuilder();
            failed().stream()
                    .limit(max)
                    .forEach(o -> out.append(out.length() == 0 ? "" : "; ")
                            .append("client ")
                            .append(o.client())
                            .append(": ")
                            .append(o.problem()));
            if (failed().size() > max) {
                out.append("; … and ").append(failed().size() - max).append(" more");
            }
            return out.toString();
        }
    }
}
