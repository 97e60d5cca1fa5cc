package socketlab.grader.suites.tcp;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a call into the student's code on its own thread and waits at most a given time, so a call that
 * hangs becomes a clear assertion ("still waiting after 12 s") instead of the test's hard limit.
 */
final class Bounded {

    private Bounded() {}

    /** How a bounded call ended: its value, what it threw, or that it was still running; and how long it took. */
    record Outcome<T>(T value, Throwable thrown, boolean stillRunning, Duration took) {

        boolean returned() {
            return !stillRunning && thrown == null;
        }

        String describe() {
            if (stillRunning) {
                return "it was still running after " + took.toMillis() + " ms";
            }
            if (thrown != null) {
                return "it threw " + thrown.getClass().getSimpleName() + ": " + thrown.getMessage() + " after "
                        + took.toMillis() + " ms";
            }
            return "it returned " + socketlab.grader.harness.Text.quote(String.valueOf(value)) + " after "
                    + took.toMillis() + " ms";
        }
    }

    static <T> Outcome<T> call(Duration limit, Callable<T> call) throws InterruptedException {
        AtomicReference<T> value = new AtomicReference<>();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread runner = new Thread(
                () -> {
                    try {
                        value.set(call.call());
                    } catch (Throwable t) {
                        thrown.set(t);
                    }
                },
                "bounded-call");
        runner.setDaemon(true);
        long start = System.nanoTime();
        runner.start();
        runner.join(limit.toMillis());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        if (runner.isAlive()) {
            runner.interrupt();
            return new Outcome<>(null, null, true, took);
        }
        return new Outcome<>(value.get(), thrown.get(), false, took);
    }
}
