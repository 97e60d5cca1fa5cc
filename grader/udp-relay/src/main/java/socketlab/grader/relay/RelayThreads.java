package socketlab.grader.relay;

import java.util.concurrent.ThreadFactory;

/** Makes the relay's daemon threads, named "udp-relay-PORT-ROLE" so tests and thread dumps can find them. */
final class RelayThreads implements ThreadFactory {
    static final String PREFIX = "udp-relay-";

    private final String name;

    RelayThreads(int relayPort, String role) {
        this.name = PREFIX + relayPort + "-" + role;
    }

    @Override
    public Thread newThread(Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
