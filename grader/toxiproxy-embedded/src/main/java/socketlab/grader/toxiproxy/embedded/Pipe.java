package socketlab.grader.toxiproxy.embedded;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * One direction of one connection. A reader thread takes bytes from the source; while the direction has no
 * toxic and nothing is queued it writes them straight to the destination (the cheap pass-through: no copy, no
 * hand-off between threads). Otherwise chunks (of at most 32 KB, as Go's io.Copy reads them) are stamped and
 * queued for the writer thread, which runs them through the toxic chain in order, like Toxiproxy's ToxicLink. The
 * writer thread starts with the first chunk, so a connection no toxic ever touched costs one thread per direction.
 * The chain is looked up as a chunk goes, so toxics added later apply at once; changes to the chain interrupt the
 * toxics Toxiproxy interrupts, which then let go of the data they hold.
 *
 * <p>Memory: the pass-through buffer starts at 16 KB and doubles while reads fill it, up to 256 KB (bulk data
 * moves in few system calls; an idle connection holds 16 KB). Behind toxics at most 1024 chunks wait per
 * direction, as in Toxiproxy's latency toxic: 32 MB at most, only while the destination does not keep up.
 */
final class Pipe {
    private static final int FIRST_BUFFER_BYTES = 16 * 1024;
    private static final int MAX_BUFFER_BYTES = 256 * 1024;
    /** Go's io.Copy moves at most 32 KB at a time: the chunk size toxics see. */
    private static final int CHUNK_BYTES = 32 * 1024;
    /** Chunks held while toxics delay them; Toxiproxy's latency toxic buffers 1024 chunks too. */
    private static final int QUEUE_CHUNKS = 1024;

    private static final Chunk END = new Chunk(new byte[0], 0, 0, 0);

    private final Connection connection;
    private final Direction direction;
    private final SocketChannel source;
    private final SocketChannel destination;
    private final ToxicCollection toxics;
    private final ScheduledExecutorService timer;
    /** Jitter and slicer cuts: used only by the writer thread. */
    private final SplittableRandom random;
    /** Toxicity rolls: drawn under this pipe's lock, from the writer or the API's threads. */
    private final SplittableRandom rolls;

    private final BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>(QUEUE_CHUNKS);
    private final AtomicInteger inFlight = new AtomicInteger();
    /** This pipe's runs of its direction's toxics, by toxic id (guarded by this). */
    private final Map<Long, ToxicInstance> instances = new HashMap<>();

    private String threadName;
    private Thread reader;
    /** Started with the first chunk queued (guarded by this; volatile for the unlocked look of wake()). */
    private volatile Thread writer;

    private volatile boolean ended;

    Pipe(
            Connection connection,
            Direction direction,
            SocketChannel source,
            SocketChannel destination,
            ToxicCollection toxics,
            ScheduledExecutorService timer,
            SplittableRandom random) {
        this.connection = connection;
        this.direction = direction;
        this.source = source;
        this.destination = destination;
        this.toxics = toxics;
        this.timer = timer;
        this.random = random;
        this.rolls = random.split();
    }

    Direction direction() {
        return direction;
    }

    /**
     * Registers with the toxic collection first, so no toxic added from now on can be missed, then starts the
     * reader thread. Throws OutOfMemoryError when the JVM can start no more threads.
     */
    synchronized void start(String threadName) {
        this.threadName = threadName;
        toxics.register(this);
        for (ToxicDefinition toxic : toxics.chain(direction)) {
            instanceFor(toxic);
        }
        try {
            reader = EngineThreads.start(threadName + "-read", this::readLoop);
        } catch (OutOfMemoryError noThread) {
            abandon();
            throw noThread;
        }
    }

    /** For a pipe whose thread could not start: it counts as done, so the connection can end. */
    void abandon() {
        writerDone();
    }

    /** Waits until this pipe's threads have ended, or the deadline (System.nanoTime) has passed. */
    void join(long deadlineNanos) {
        Thread reading;
        synchronized (this) {
            reading = reader;
        }
        EngineThreads.join(reading, Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime())));
        // The reader starts the writer at the latest with the end of stream, so it is known once the reader is done.
        EngineThreads.join(writer, Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime())));
    }

    private void readLoop() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(FIRST_BUFFER_BYTES);
        try {
            while (true) {
                buffer.clear();
                boolean direct = inFlight.get() == 0 && toxics.chain(direction).isEmpty();
                if (!direct) {
                    buffer.limit(Math.min(CHUNK_BYTES, buffer.capacity()));
                }
                int n = source.read(buffer);
                if (n < 0) {
                    break;
                }
                long stamp = System.nanoTime();
                if (ended) {
                    continue;
                }
                boolean filled = n == buffer.limit();
                buffer.flip();
                if (inFlight.get() == 0 && toxics.chain(direction).isEmpty()) {
                    if (!writeDirect(buffer)) {
                        break;
                    }
                } else {
                    while (buffer.hasRemaining()) {
                        byte[] copy = new byte[Math.min(CHUNK_BYTES, buffer.remaining())];
                        buffer.get(copy);
                        enqueue(new Chunk(copy, 0, copy.length, stamp));
                    }
                }
                if (filled && buffer.capacity() < MAX_BUFFER_BYTES) {
                    buffer = ByteBuffer.allocateDirect(buffer.capacity() * 2);
                }
            }
        } catch (IOException closed) {
            // The source was closed or reset: that is this direction's end of stream.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (OutOfMemoryError noThreadForTheToxics) {
            connection.close();
        } finally {
            endOfStream();
        }
    }

    /** Hands the end of stream to the writer; without one (no thread to be had) does the writer's last work. */
    private void endOfStream() {
        try {
            enqueue(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            connection.close();
        } catch (OutOfMemoryError noThread) {
            connection.close();
            if (writer == null) {
                writerDone();
            }
        }
    }

    private void enqueue(Chunk chunk) throws InterruptedException {
        if (writer == null) {
            startWriter();
        }
        inFlight.incrementAndGet();
        queue.put(chunk);
    }

    /** Throws OutOfMemoryError when the JVM can start no more threads. */
    private synchronized void startWriter() {
        if (writer == null) {
            writer = EngineThreads.start(threadName + "-write", this::writeLoop);
        }
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
                            new Stage(toxics.chain(direction), 0, null, 0).end();
                        }
                        return;
                    }
                    if (!ended) {
                        new Stage(toxics.chain(direction), 0, null, 0).emit(chunk);
                    }
                } catch (PipeStoppedException stopped) {
                    finish();
                } catch (RuntimeException bug) {
                    // A toxic that fails must not leave the connection half alive: it ends, as a closed one does.
                    connection.close();
                } finally {
                    inFlight.decrementAndGet();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            connection.close();
        } finally {
            writerDone();
        }
    }

    private void writerDone() {
        stopTimers();
        toxics.unregister(this);
        connection.pipeDone();
    }

    /** Ends this direction the way Toxiproxy's link does: the destination connection is closed. */
    void finish() {
        ended = true;
        Connection.closeQuietly(destination);
        wake();
    }

    /** Wakes the writer thread if a toxic holds it, to look again at the connection and its toxics. */
    void wake() {
        Thread thread = writer;
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }

    // ------------------------------------------------------------------ toxic runs (Toxiproxy's ToxicStub.Run)

    /** This pipe's run of a toxic, started (toxicity drawn, timer set) the first time the pipe meets the toxic. */
    private synchronized ToxicInstance instanceFor(ToxicDefinition toxic) {
        ToxicInstance instance = instances.get(toxic.id());
        if (instance == null) {
            instance = new ToxicInstance(toxic);
            instances.put(toxic.id(), instance);
            startRun(instance);
        } else if (instance.definition.version() < toxic.version()) {
            instance.definition = toxic;
        }
        return instance;
    }

    /** A new run: toxicity drawn again and, for the timeout toxic, its close timer started again. */
    private void startRun(ToxicInstance instance) {
        instance.run++;
        instance.applies = rolls.nextDouble() < instance.definition.toxicity();
        if (instance.timer != null) {
            instance.timer.cancel(false);
            instance.timer = null;
        }
        ToxicDefinition toxic = instance.definition;
        long timeout = GoDuration.millis(toxic.attribute("timeout"));
        if (toxic.type() == ToxicType.TIMEOUT && instance.applies && timeout > 0 && !ended) {
            int run = instance.run;
            instance.timer = timer.schedule(() -> timeoutFired(instance, run), timeout, TimeUnit.NANOSECONDS);
        }
    }

    /** Interrupts a toxic: whatever it holds goes on at once, and it starts a new run. */
    private synchronized void interrupt(ToxicDefinition toxic) {
        ToxicInstance instance = instances.get(toxic.id());
        if (instance != null) {
            if (instance.definition.version() < toxic.version()) {
                instance.definition = toxic;
            }
            startRun(instance);
        }
        wake();
    }

    private void timeoutFired(ToxicInstance instance, int run) {
        synchronized (this) {
            if (instance.run != run || instances.get(instance.definition.id()) != instance) {
                return;
            }
        }
        finish();
    }

    /** Toxiproxy's AddToxic: the new toxic starts, and the toxic that was last is interrupted. */
    void toxicAdded(ToxicDefinition added, ToxicDefinition previousLast) {
        instanceFor(added);
        if (previousLast != null) {
            interrupt(previousLast);
        }
    }

    /** Toxiproxy's UpdateToxic: the toxic is interrupted and runs again with its new settings. */
    void toxicUpdated(ToxicDefinition updated) {
        if (instancePresent(updated)) {
            interrupt(updated);
        } else {
            instanceFor(updated);
        }
    }

    /**
     * Toxiproxy's RemoveToxic: the toxic is interrupted (what it holds goes on at once) and its Cleanup runs (the
     * timeout toxic closes the connection), then the toxic before it is interrupted to be rewired.
     */
    void toxicRemoved(ToxicDefinition removed, ToxicDefinition previous) {
        synchronized (this) {
            ToxicInstance instance = instances.remove(removed.id());
            if (instance != null) {
                instance.run++;
                if (instance.timer != null) {
                    instance.timer.cancel(false);
                }
            }
        }
        wake();
        if (removed.type() == ToxicType.TIMEOUT) {
            finish();
        }
        if (previous != null) {
            interrupt(previous);
        }
    }

    private synchronized boolean instancePresent(ToxicDefinition toxic) {
        return instances.containsKey(toxic.id());
    }

    private synchronized void stopTimers() {
        for (ToxicInstance instance : instances.values()) {
            if (instance.timer != null) {
                instance.timer.cancel(false);
            }
        }
    }

    private boolean stopped() {
        return ended || connection.isClosed() || Thread.currentThread().isInterrupted();
    }

    /**
     * The rest of the chain after one toxic (the holder), as that toxic sees it: {@code chain.get(index)} is the
     * next toxic, or the destination when {@code index == chain.size()}.
     */
    private final class Stage implements Flow {
        private List<ToxicDefinition> chain;
        private int index;
        private final ToxicInstance holder;
        private final int heldRun;

        Stage(List<ToxicDefinition> chain, int index, ToxicInstance holder, int heldRun) {
            this.chain = chain;
            this.index = index;
            this.holder = holder;
            this.heldRun = heldRun;
        }

        /**
         * Follows changes to the chain since this stage was made: the toxics before it have seen the data, so it
         * goes on with the first toxic of the current chain that is not one of them (chains change only by
         * appending, removing, and updating in place, so those toxics come first).
         */
        private void resolve() {
            List<ToxicDefinition> now = toxics.chain(direction);
            if (now == chain) {
                return;
            }
            Set<Long> seen = new HashSet<>();
            for (int i = 0; i < index; i++) {
                seen.add(chain.get(i).id());
            }
            int next = 0;
            while (next < now.size() && seen.contains(now.get(next).id())) {
                next++;
            }
            chain = now;
            index = next;
        }

        @Override
        public void emit(Chunk chunk) throws PipeStoppedException {
            if (stopped()) {
                throw new PipeStoppedException();
            }
            resolve();
            if (index == chain.size()) {
                write(chunk);
                return;
            }
            ToxicInstance toxic = instanceFor(chain.get(index));
            int run = toxic.run;
            Stage next = new Stage(chain, index + 1, toxic, run);
            if (toxic.applies) {
                toxic.enterRun(run);
                toxic.behavior.onChunk(chunk, toxic.definition, next);
            } else {
                next.emit(chunk);
            }
        }

        @Override
        public void end() throws PipeStoppedException {
            if (ended) {
                return;
            }
            resolve();
            if (index == chain.size()) {
                finish();
                return;
            }
            ToxicInstance toxic = instanceFor(chain.get(index));
            int run = toxic.run;
            Stage next = new Stage(chain, index + 1, toxic, run);
            if (toxic.applies) {
                toxic.behavior.onEnd(toxic.definition, next);
            } else {
                next.end();
            }
        }

        @Override
        public void endAgain() throws PipeStoppedException {
            new Stage(chain, index - 1, null, 0).end();
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
        public boolean hold(long nanos) throws PipeStoppedException {
            return waitFor(nanos, true);
        }

        @Override
        public void pause(long nanos) throws PipeStoppedException {
            waitFor(nanos, false);
        }

        /** Waits by differences of System.nanoTime only, so no setting can overflow a deadline. */
        private boolean waitFor(long nanos, boolean interruptible) throws PipeStoppedException {
            long start = System.nanoTime();
            while (true) {
                if (stopped()) {
                    throw new PipeStoppedException();
                }
                if (interruptible && holder != null && holder.run != heldRun) {
                    return false;
                }
                long left = nanos - (System.nanoTime() - start);
                if (left <= 0) {
                    return true;
                }
                LockSupport.parkNanos(this, left);
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
