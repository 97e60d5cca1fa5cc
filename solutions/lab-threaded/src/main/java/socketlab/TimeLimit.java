package socketlab;

import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A time limit for one connection: when it runs out, the connection is closed. Closing a socket ends
 * the read() or write() that is waiting on it (with a SocketException), so the thread serving that
 * client is free again:
 * <pre>
 *   try (TimeLimit limit = TimeLimit.of(connectionSocket, 30_000)) {
 *       ... serve the client ...
 *   }                                      // done in time: the limit is called off
 * </pre>
 * Why not only Socket.setSoTimeout? It limits each read() on its own: a client that sends one byte
 * every few seconds never trips it. And nothing in java.net limits a write() to a client that does not
 * read: once the connection's buffers are full, write() waits for as long as that client likes.
 *
 * <p>Every time limit of the program shares one thread, which does nothing but close sockets whose
 * time is up; it ends by itself a second after the last limit is over.
 * (The kit generates this file, the same in every lab that uses it.)
 */
public final class TimeLimit implements AutoCloseable {

    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private final ScheduledFuture<?> hangUp;
    private volatile boolean ranOut;

    private TimeLimit(Socket socket, long millis) {
        hangUp = TIMER.schedule(() -> {
            ranOut = true;
            try {
                socket.close();
            } catch (IOException alreadyBroken) {
                // closed either way
            }
        }, millis, TimeUnit.MILLISECONDS);
    }

    /** Closes {@code socket} in {@code millis} milliseconds, unless this limit is closed first. */
    public static TimeLimit of(Socket socket, long millis) {
        return new TimeLimit(socket, millis);
    }

    /** True once the time has run out (and the connection was closed). */
    public boolean ranOut() {
        return ranOut;
    }

    /** Calls the limit off: the client was served in time. */
    @Override
    public void close() {
        hangUp.cancel(false);
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(0, task -> {
            Thread thread = new Thread(task, "time-limit");
            thread.setDaemon(true);
            return thread;
        });
        timer.setKeepAliveTime(1, TimeUnit.SECONDS);
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }
}
