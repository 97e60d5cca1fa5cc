package socketlab.grader.toxiproxy.embedded;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One direction of one connection. A reader thread takes bytes from the source; while the direction has no
 * toxic and nothing is queued it writes them straight to the destination (the cheap pass-through). Otherwise
 * chunks are stamped and queued for the writer thread, which runs them through the toxic chain in order,
 * like Toxiproxy's ToxicStub pipeline. The chain is read per chunk, so toxics added later apply at once.
 */
final class Pipe {
    private static final int BUFFER_BYTES = 256 * 1024;
    /** Chunks held while toxics delay them; Toxiproxy's latency toxic buffers 1024 chunks too. */
    private static final int QUEUE_CHUNKS = 1024;
    private static final Chunk END = new Chunk(new byte[0], 0, 0, 0);

    private final Connection connection;
    private final Direction direction;
    private final SocketChannel source;
    private final SocketChannel destination;
    private final ToxicCollection toxics;
    private final ScheduledExecutorService timer;
    private final SplittableRandom random;
    private final BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>(QUEUE_CHUNKS);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<String, ToxicInstance> instances = new HashMap<>();
    private final List<ScheduledFuture<?>> timers = new ArrayList<>();
    private volatile boolean ended;

    Pipe(Connection connection, Direction direction, SocketChannel source, SocketChannel destination,
         ToxicCollection toxics, ScheduledExecutorService timer, SplittableRandom random) {
        this.connection = connection;
        this.direction = direction;
        this.source = source;
        this.destination = destination;
        this.toxics = toxics;
        this.timer = timer;
        this.random = random;
    }

    Direction direction() {
        return direction;
    }

    /** Registers with the toxic collection first, so no toxic added from now on can be missed. */
    List<Thread> start(String threadName) {
        toxics.register(this);
        for (ToxicDefinition toxic : toxics.chain(direction)) {
            toxicActivated(toxic);
        }
        List<Thread> threads = new ArrayList<>(2);
        threads.add(EngineThreads.start(threadName + "-read", this::readLoop));
        threads.add(EngineThreads.start(threadName + "-write", this::writeLoop));
        return threads;
    }

    private void readLoop() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
        try {
            while (true) {
                buffer.clear();
                int n = source.read(buffer);
                if (n < 0) {
                    break;
                }
                long stamp = System.nanoTime();
                if (ended) {
                    continue;
                }
                buffer.flip();
                if (inFlight.get() == 0 && toxics.chain(direction).isEmpty()) {
                    if (!writeDirect(buffer)) {
                        break;
                    }
                } else {
                    byte[] copy = new byte[n];
                    buffer.get(copy);
                    enqueue(new Chunk(copy, 0, n, stamp));
                }
            }
        } catch (IOException closed) {
            // The source was closed or reset: that is this direction's end of stream.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                enqueue(END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                connection.close();
            }
        }
    }

    private void enqueue(Chunk chunk) throws InterruptedException {
        inFlight.incrementAndGet();
        queue.put(chunk);
    }

    private boolean writeDirect(ByteBuffer buffer) {
        try {
            while (buffer.hasRemaining()) {
                destination.write(buffer);
            }
            return true;
        } catch (IOException e) {
            finish();
            return false;
        }
    }

    private void writeLoop() {
        try {
            while (true) {
                Chunk chunk = queue.take();
                try {
                    if (chunk == END) {
                        if (!ended) {
                            new Stage(toxics.chain(direction), 0).end();
                        }
                        return;
                    }
                    if (!ended) {
                        new Stage(toxics.chain(direction), 0).emit(chunk);
                    }
                } catch (PipeStoppedException stopped) {
                    finish();
                } finally {
                    inFlight.decrementAndGet();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            connection.close();
        } finally {
            cancelTimers();
            toxics.unregister(this);
            connection.pipeDone();
        }
    }

    /** Ends this direction the way Toxiproxy's link does: the destination connection is closed. */
    void finish() {
        ended = true;
        Connection.closeQuietly(destination);
    }

    /** The pipe's view of a toxic, drawing toxicity again whenever the toxic was created or updated. */
    private synchronized ToxicInstance instanceFor(ToxicDefinition toxic) {
        ToxicInstance instance = instances.get(toxic.name());
        if (instance == null) {
            instance = new ToxicInstance(toxic, roll(toxic));
            instances.put(toxic.name(), instance);
        } else if (instance.definition.version() < toxic.version()) {
            instance.definition = toxic;
            instance.applies = roll(toxic);
        }
        return instance;
    }

    private boolean roll(ToxicDefinition toxic) {
        return random.nextDouble() < toxic.toxicity();
    }

    /** A toxic was added or updated: the timeout toxic's close timer starts now, even with no data flowing. */
    void toxicActivated(ToxicDefinition toxic) {
        if (toxic.type() != ToxicType.TIMEOUT) {
            return;
        }
        ToxicInstance instance = instanceFor(toxic);
        long timeout = toxic.attribute("timeout");
        if (!instance.applies || timeout <= 0 || ended) {
            return;
        }
        ScheduledFuture<?> future = timer.schedule(() -> timeoutFired(toxic), timeout, TimeUnit.MILLISECONDS);
        synchronized (this) {
            timers.add(future);
        }
    }

    private void timeoutFired(ToxicDefinition toxic) {
        synchronized (this) {
            ToxicInstance current = instances.get(toxic.name());
            if (current == null || current.definition.version() != toxic.version()) {
                return;
            }
        }
        finish();
    }

    /** Toxiproxy's timeout toxic closes the link when it is removed (TimeoutToxic.Cleanup); others just go away. */
    void toxicRemoved(ToxicDefinition toxic) {
        synchronized (this) {
            instances.remove(toxic.name());
        }
        if (toxic.type() == ToxicType.TIMEOUT) {
            finish();
        }
    }

    private synchronized void cancelTimers() {
        timers.forEach(f -> f.cancel(false));
        timers.clear();
    }

    /** The rest of the chain from one position on, as one toxic sees it. */
    private final class Stage implements Flow {
        private final List<ToxicDefinition> chain;
        private final int index;

        Stage(List<ToxicDefinition> chain, int index) {
            this.chain = chain;
            this.index = index;
        }

        @Override
        public void emit(Chunk chunk) throws PipeStoppedException {
            if (ended) {
                throw new PipeStoppedException();
            }
            if (index == chain.size()) {
                write(chunk);
                return;
            }
            ToxicInstance toxic = instanceFor(chain.get(index));
            Stage next = new Stage(chain, index + 1);
            if (toxic.applies) {
                toxic.definition.type().behavior().onChunk(chunk, toxic, next);
            } else {
                next.emit(chunk);
            }
        }

        @Override
        public void end() throws PipeStoppedException {
            if (ended) {
                return;
            }
            if (index == chain.size()) {
                finish();
                return;
            }
            ToxicInstance toxic = instanceFor(chain.get(index));
            Stage next = new Stage(chain, index + 1);
            if (toxic.applies) {
                toxic.definition.type().behavior().onEnd(toxic, next);
            } else {
                next.end();
            }
        }

        private void write(Chunk chunk) throws PipeStoppedException {
            ByteBuffer buffer = ByteBuffer.wrap(chunk.data, chunk.offset, chunk.length);
            try {
                while (buffer.hasRemaining()) {
                    destination.write(buffer);
                }
            } catch (IOException e) {
                throw new PipeStoppedException();
            }
        }

        @Override
        public void awaitUntil(long deadlineNanos) throws PipeStoppedException {
            if (connection.awaitClosedUntil(deadlineNanos) || ended) {
                throw new PipeStoppedException();
            }
        }

        @Override
        public void resetConnection() {
            ended = true;
            connection.reset();
        }

        @Override
        public SplittableRandom random() {
            return random;
        }
    }
}
