package socketlab.grader.relay;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Applies one direction's impairment: decides each datagram's fate, then sends its copies at once or schedules them
 * by deadline on the shared timer. {@link #accept} runs on this direction's reader thread only; sends run on that
 * thread or the timer thread.
 */
final class DirectionPipeline {
    private final Direction direction;
    /** This direction's own stream: datagram n always gets the n-th split, whatever the other direction does. */
    private final SplittableRandom stream;
    private final Bottleneck bottleneck = new Bottleneck();
    private final DirectionCounters counters = new DirectionCounters();
    private final EventLog log;
    private final ScheduledExecutorService timer;
    private final long startNanos;
    private volatile Impairment impairment;
    private long nextIndex; // reader thread only

    DirectionPipeline(Direction direction, SplittableRandom stream, Impairment impairment, EventLog log,
                      ScheduledExecutorService timer, long startNanos) {
        this.direction = direction;
        this.stream = stream;
        this.impairment = impairment;
        this.log = log;
        this.timer = timer;
        this.startNanos = startNanos;
    }

    Impairment impairment() {
        return impairment;
    }

    void reconfigure(Impairment newImpairment) {
        impairment = Objects.requireNonNull(newImpairment, "impairment");
    }

    DirectionStats stats() {
        return counters.snapshot();
    }

    /** Takes a datagram the relay just read and sends it, delays it or drops it. */
    void accept(byte[] payload, long nowNanos, DatagramChannel out, InetSocketAddress destination, ReorderSlot slot,
                InetSocketAddress client) {
        long index = nextIndex++;
        SplittableRandom random = stream.split();
        Impairment current = impairment;
        counters.received.incrementAndGet();
        counters.bytesReceived.addAndGet(payload.length);

        if (current.maxDatagramSize() > 0 && payload.length > current.maxDatagramSize()) {
            drop(index, RelayEvent.Action.TOO_LARGE, nowNanos, payload.length, 0, client);
            return;
        }
        Fate fate = Fate.draw(current, random, payload.length);
        if (fate.lost()) {
            drop(index, RelayEvent.Action.LOST, nowNanos, payload.length, 0, client);
            return;
        }
        if (fate.corrupted()) {
            fate.corrupt(payload);
            counters.corrupted.incrementAndGet();
        }
        long maxHold = current.reorderMaxHold().toNanos();
        int flipped = fate.flippedBits().length;
        if (fate.duplicated()) {
            counters.duplicated.incrementAndGet(); // before either copy leaves, so inFlight() never reads 0 early
        }
        admit(current, new InFlight(index, false, payload, out, destination, slot, client, nowNanos,
                fate.delayNanos(), flipped, fate.heldBack(), maxHold));
        if (fate.duplicated()) {
            admit(current, new InFlight(index, true, payload, out, destination, slot, client, nowNanos,
                    fate.duplicateDelayNanos(), flipped, false, maxHold));
        }
    }

    /** Drops a datagram the relay could not even take in (e.g. the session limit was reached). */
    void refuse(byte[] payload, long nowNanos, InetSocketAddress client) {
        long index = nextIndex++;
        stream.split(); // keep later datagrams on their own draws
        counters.received.incrementAndGet();
        counters.bytesReceived.addAndGet(payload.length);
        drop(index, RelayEvent.Action.UNDELIVERABLE, nowNanos, payload.length, 0, client);
    }

    /** Passes a copy through the rate limiter, then sends it now or at its deadline. */
    private void admit(Impairment current, InFlight draft) {
        long queueing = bottleneck.admit(current, draft.payload.length, draft.receivedAtNanos);
        if (queueing == Bottleneck.FULL) {
            drop(draft.index, RelayEvent.Action.QUEUE_FULL, draft.receivedAtNanos, draft.payload.length,
                    draft.flippedBits, draft.client);
            return;
        }
        long delay = queueing + draft.plannedDelayNanos;
        InFlight copy = queueing == 0 ? draft : new InFlight(draft.index, draft.duplicate, draft.payload, draft.out,
                draft.destination, draft.slot, draft.client, draft.receivedAtNanos, delay, draft.flippedBits,
                draft.holdBack, draft.maxHoldNanos);
        if (delay == 0) {
            release(copy);
            return;
        }
        counters.delayed.incrementAndGet();
        // By deadline, so time spent deciding does not add to the delay.
        long deadline = copy.receivedAtNanos + delay;
        schedule(() -> release(copy), deadline);
    }

    /** A copy whose delay is over: hold it back for reordering, or send it and whatever it was holding up. */
    private void release(InFlight copy) {
        synchronized (copy.slot) {
            if (copy.holdBack && copy.slot.tryHold(copy)) {
                copy.wasHeld = true;
                counters.reordered.incrementAndGet();
                schedule(() -> holdExpired(copy), System.nanoTime() + copy.maxHoldNanos);
                return;
            }
            send(copy);
            InFlight overtaken = copy.slot.take();
            if (overtaken != null) {
                send(overtaken);
            }
        }
    }

    /** Nothing came along to overtake a held-back copy in time: send it anyway. */
    private void holdExpired(InFlight copy) {
        synchronized (copy.slot) {
            if (copy.slot.takeIfHeld(copy)) {
                send(copy);
            }
        }
    }

    private void send(InFlight copy) {
        int sent;
        try {
            sent = copy.out.send(ByteBuffer.wrap(copy.payload), copy.destination);
        } catch (IOException e) { // closed session or relay, or an ICMP error: the datagram is gone
            sent = -1;
        }
        long sentAt = System.nanoTime();
        if (sent != copy.payload.length) { // all or nothing: 0 means a non-blocking socket had no buffer space
            drop(copy.index, RelayEvent.Action.UNDELIVERABLE, copy.receivedAtNanos, copy.payload.length,
                    copy.flippedBits, copy.client);
            return;
        }
        // Log before counting, so once the counters show a datagram as done its event is there too.
        log.add(new RelayEvent(direction, copy.index,
                copy.duplicate ? RelayEvent.Action.DUPLICATE_FORWARDED : RelayEvent.Action.FORWARDED,
                copy.receivedAtNanos - startNanos, sentAt - startNanos, copy.plannedDelayNanos,
                copy.payload.length, copy.flippedBits, copy.wasHeld, copy.client));
        counters.bytesForwarded.addAndGet(copy.payload.length);
        counters.forwarded.incrementAndGet();
    }

    private void drop(long index, RelayEvent.Action action, long receivedAtNanos, int size, int flippedBits,
                      InetSocketAddress client) {
        log.add(new RelayEvent(direction, index, action, receivedAtNanos - startNanos, -1, 0, size, flippedBits,
                false, client));
        counters.dropped.incrementAndGet();
    }

    private void schedule(Runnable task, long deadlineNanos) {
        try {
            timer.schedule(task, deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closing) {
            // The relay is closing; datagrams still in flight are discarded, as a link going down would.
        }
    }
}
