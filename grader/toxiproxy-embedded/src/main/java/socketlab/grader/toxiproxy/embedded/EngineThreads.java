package socketlab.grader.toxiproxy.embedded;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Creates the engine's threads: always daemon, always named "toxiproxy-embedded-...", so leaks are countable. */
final class EngineThreads {
    static final String PREFIX = "toxiproxy-embedded-";

    private EngineThreads() {}

    static Thread start(String name, Runnable body) {
        Thread thread = new Thread(body, PREFIX + name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    static ThreadFactory factory(String name) {
        AtomicInteger counter = new AtomicInteger();
        return body -> {
            Thread thread = new Thread(body, PREFIX + name + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    static void join(Thread thread, long millis) {
        if (thread == null || thread == Thread.currentThread()) {
            return;
        }
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
