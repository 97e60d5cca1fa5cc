package socketlab.grader.toxiproxy.embedded;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.Channel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** A client connection and its upstream connection, joined by two pipes (upstream and downstream). */
final class Connection {
    private final SocketChannel client;
    private final SocketChannel upstream;
    private final Pipe upstreamPipe;
    private final Pipe downstreamPipe;
    private volatile boolean closed;
    private final AtomicInteger pipesDone = new AtomicInteger();
    private final Consumer<Connection> onFinished;

    Connection(
            SocketChannel client,
            SocketChannel upstream,
            ToxicCollection toxics,
            ScheduledExecutorService timer,
            RandomSource random,
            Consumer<Connection> onFinished) {
        this.client = client;
        this.upstream = upstream;
        this.onFinished = onFinished;
        SplittableRandom up = random.split();
        SplittableRandom down = random.split();
        this.upstreamPipe = new Pipe(this, Direction.UPSTREAM, client, upstream, toxics, timer, up);
        this.downstreamPipe = new Pipe(this, Direction.DOWNSTREAM, upstream, client, toxics, timer, down);
    }

    /** Starts both pipes; throws OutOfMemoryError when the JVM can start no more threads. */
    void start(String threadName) {
        try {
            upstreamPipe.start(threadName + "-up");
        } catch (OutOfMemoryError noThread) {
            downstreamPipe.abandon();
            throw noThread;
        }
        downstreamPipe.start(threadName + "-down");
    }

    boolean isClosed() {
        return closed;
    }

    /** Closes both sides (a normal FIN close); delayed data still queued is dropped. Idempotent. */
    void close() {
        closed = true;
        closeQuietly(client);
        closeQuietly(upstream);
        upstreamPipe.wake();
        downstreamPipe.wake();
    }

    /** Closes both sides with RST: SO_LINGER 0 discards unsent data, as Toxiproxy's reset_peer does. */
    void reset() {
        for (SocketChannel channel : List.of(client, upstream)) {
            try {
                channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            } catch (IOException | RuntimeException alreadyClosed) {
                // nothing left to reset
            }
        }
        close();
    }

    void pipeDone() {
        if (pipesDone.incrementAndGet() == 2) {
            close();
            onFinished.accept(this);
        }
    }

    void join(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        upstreamPipe.join(deadline);
        downstreamPipe.join(deadline);
    }

    static void closeQuietly(Channel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
    }
}
