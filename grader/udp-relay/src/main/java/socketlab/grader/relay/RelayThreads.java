package socketlab.grader.relay;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;

/** Makes the relay's daemon threads, named "udp-relay-PORT-ROLE" so tests and thread dumps can find them. */
final class RelayThreads implements ThreadFactory {
    static final String PREFIX = "udp-relay-";

    private final String name;
    private final List<Thread> made = new CopyOnWriteArrayList<>();

    RelayThreads(int relayPort, String role) {
        this.name = PREFIX + relayPort + "-" + role;
    }

    @Override
    public Thread newThread(Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        made.add(thread);
        return thread;
    }

    /**
     * Waits until every thread this factory made has ended: an executor counts as terminated a moment before its
     * last worker thread is gone, and the relay's close() promises no thread is left.
     */
    void joinAll(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        for (Thread thread : made) {
            thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        }
    }
}
