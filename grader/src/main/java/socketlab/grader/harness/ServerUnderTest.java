package socketlab.grader.harness;

import java.io.Closeable;
import java.util.concurrent.TimeUnit;
import socketlab.grader.core.Trace;

/**
 * A student's server, opened and serving on a background thread, in the style of MockWebServer:
 * <pre>
 *   try (var server = ServerUnderTest.start(() -&gt; new UDPServer(0), UDPServer::serve)) {
 *       int port = server.program().port();
 *   }
 * </pre>
 * If the server's loop stops with an exception, the test's feedback says so. Closing never hangs,
 * even if the student's close() or serve() does.
 */
public final class ServerUnderTest<T extends Closeable> implements Closeable {

    /** Opens the student's server (its constructor). */
    @FunctionalInterface
    public interface Opener<T> {
        T open() throws Exception;
    }

    /** Runs the student's serving loop. */
    @FunctionalInterface
    public interface Loop<T> {
        void serve(T program) throws Exception;
    }

    private static final long CLOSE_WAIT_MILLIS = 2000;

    private final T program;
    private final String name;
    private final Thread thread;
    private volatile Throwable stopped;
    private volatile boolean closing;

    private ServerUnderTest(T program, Loop<T> loop) {
        this.program = program;
        this.name = program.getClass().getSimpleName();
        Trace trace = Trace.current();
        trace.recorder().studentIsServer();
        this.thread = new Thread(
                () -> {
                    try {
                        loop.serve(program);
                        if (!closing) {
                            trace.program(
                                    name + ".serve() returned while the test still needed it: a server serves client"
                                            + " after client until close() is called");
                        }
                    } catch (Throwable t) {
                        if (closing) {
                            return; // close() makes a serving loop's receive/accept throw: that is how it ends
                        }
                        stopped = t;
                        trace.program(
                                name + ".serve() stopped with " + t.getClass().getSimpleName() + ": " + t.getMessage());
                    }
                },
                "server-under-test-" + name);
        thread.setDaemon(true);
    }

    /** Opens the server and starts its loop on a daemon thread. Exceptions from the constructor pass through. */
    public static <T extends Closeable> ServerUnderTest<T> start(Opener<T> opener, Loop<T> loop) throws Exception {
        ServerUnderTest<T> server = new ServerUnderTest<>(opener.open(), loop);
        server.thread.start();
        return server;
    }

    public T program() {
        return program;
    }

    /** The exception the serving loop stopped with, or null while it runs (or if it ended normally). */
    public Throwable stoppedWith() {
        return stopped;
    }

    public boolean isServing() {
        return thread.isAlive();
    }

    /**
     * Calls the student's close() on this thread, unbounded, for a test that times or checks close() itself
     * (the graded test's own limit still applies). The serving loop's ending is then not reported as a crash.
     */
    public void closeProgram() throws Exception {
        closing = true;
        program.close();
    }

    /** Closes the student's server and waits (bounded) for its loop to end. */
    @Override
    public void close() {
        closing = true;
        Thread closer = new Thread(
                () -> {
                    try {
                        program.close();
                    } catch (Throwable t) {
                        Trace.current().program(name + ".close() threw " + t);
                    }
                },
                "close-" + name);
        closer.setDaemon(true);
        closer.start();
        try {
            closer.join(CLOSE_WAIT_MILLIS);
            thread.join(TimeUnit.MILLISECONDS.toMillis(CLOSE_WAIT_MILLIS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt();
        }
    }
}
