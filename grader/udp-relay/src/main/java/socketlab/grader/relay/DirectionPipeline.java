package socketlab.grader.relay;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Applies one direction's impairment: decides each datagram's fate (a script rule, or the random draws), then sends
 * its copies at once or schedules them by deadline on the shared timer. {@link #accept} runs on this direction's
 * reader thread only; sends run on that thread or the timer thread.
 */
final class DirectionPipeline {

    /** An impairment with the memory its models keep in this direction (made afresh each time it is set). */
    private record Setting(Impairment impairment, Loss.State loss, Script.State script) {
        static Setting of(Impairment impairment) {
            return new Setting(
                    impairment,
                    impairment.loss().newState(),
                    impairment.script().newState());
        }
    }

    private final Direction direction;
    /** This direction's own stream: datagram n always gets the n-th split, whatever the other direction does. */
    private final SplittableRandom stream;

    private final Bottleneck bottleneck = new Bottleneck();
    private final DirectionCounters counters = new DirectionCounters();
    private final EventLog log;
    private final RelayListener listener;
    private final PacketDecoder decoder;
    private final ScheduledExecutorService timer;
    private final long startNanos;
    private volatile Setting setting;
    private long nextIndex; // reader thread only

    DirectionPipeline(
            Direction direction,
            SplittableRandom stream,
            Impairment impairment,
            EventLog log,
            RelayListener listener,
            PacketDecoder decoder,
            ScheduledExecutorService timer,
            long startNanos) {
        this.direction = direction;
        this.stream = stream;
        this.setting = Setting.of(impairment);
        this.log = log;
        this.listener = listener;
        this.decoder = decoder;
        this.timer = timer;
        this.startNanos = startNanos;
    }

    Impairment impairment() {
        return setting.impairment();
    }

    void reconfigure(Impairment newImpairment) {
        setting = Setting.of(Objects.requireNonNull(newImpairment, "impairment"));
    }

    DirectionStats stats() {
        return counters.snapshot();
    }

    /** Takes a datagram the relay just read and sends it, delays it or drops it. */
    void accept(byte[] payload, long nowNanos, Route route, InetSocketAddress client) {
        long index = nextIndex++;
        SplittableRandom random = stream.split();
        Setting now = setting;
        Impairment current = now.impairment();
        counters.received.incrementAndGet();
        counters.bytesReceived.addAndGet(payload.length);
        Arrival arrival = new Arrival(index, nowNanos, payload.length, client, decode(payload));

        if (current.maxDatagramSize() > 0 && payload.length > current.maxDatagramSize()) {
            drop(arrival, RelayEvent.Action.TOO_LARGE, 0, null, payload);
            return;
        }
        Script.Rule rule = now.script().decide(index, arrival.packet());
        if (rule != null) {
            scripted(rule.action(), arrival, route, payload, current);
            return;
        }
        Fate fate = Fate.draw(current, now.loss(), random, payload.length);
        if (fate.lost()) {
            drop(arrival, RelayEvent.Action.LOST, 0, null, payload);
            return;
        }
        if (fate.corrupted()) {
            fate.corrupt(payload);
            counters.corrupted.incrementAndGet();
        }
        long maxHold = current.reordering().maxHold().toNanos();
        int flipped = fate.flippedBits().length;
        if (fate.duplicated()) {
            counters.duplicated.incrementAndGet(); // before either copy leaves, so inFlight() never reads 0 early
        }
        admit(
                current,
                new InFlight(
                        arrival, route, false, payload, fate.delayNanos(), flipped, fate.heldBack(), maxHold, null));
        if (fate.duplicated()) {
            admit(
                    current,
                    new InFlight(
                            arrival, route, true, payload, fate.duplicateDelayNanos(), flipped, false, maxHold, null));
        }
    }

    /** A script rule decides alone: no random draw applies to this datagram. */
    private void scripted(Script.Action action, Arrival arrival, Route route, byte[] payload, Impairment current) {
        long fixedDelay = current.delay().base().toNanos();
        long maxHold = current.reordering().maxHold().toNanos();
        if (action instanceof Script.Action.Drop) {
            drop(arrival, RelayEvent.Action.DROPPED_BY_SCRIPT, 0, action, payload);
        } else if (action instanceof Script.Action.Hold hold) {
            admit(
                    current,
                    new InFlight(arrival, route, false, payload, hold.duration().toNanos(), 0, false, maxHold, action));
        } else if (action instanceof Script.Action.Duplicate) {
            counters.duplicated.incrementAndGet();
            admit(current, new InFlight(arrival, route, false, payload, fixedDelay, 0, false, maxHold, action));
            admit(current, new InFlight(arrival, route, true, payload, fixedDelay, 0, false, maxHold, action));
        } else if (action instanceof Script.Action.FlipBit flip) {
            int flipped = 0;
            if (payload.length > 0) {
                Fate.flip(payload, flip.bit() % (payload.length * 8));
                counters.corrupted.incrementAndGet();
                flipped = 1;
            }
            admit(current, new InFlight(arrival, route, false, payload, fixedDelay, flipped, false, maxHold, action));
        }
    }

    /** Drops a datagram the relay could not even take in (e.g. the session limit was reached). */
    void refuse(byte[] payload, long nowNanos, InetSocketAddress client) {
        long index = nextIndex++;
        stream.split(); // keep later datagrams on their own draws
        counters.received.incrementAndGet();
        counters.bytesReceived.addAndGet(payload.length);
        drop(
                new Arrival(index, nowNanos, payload.length, client, decode(payload)),
                RelayEvent.Action.UNDELIVERABLE,
                0,
                null,
                payload);
    }

    private Packet decode(byte[] payload) {
        if (decoder == null) {
            return null;
        }
        try {
            return decoder.decode(payload); // before any corruption: the packet as it came
        } catch (RuntimeException notAPacket) {
            return null;
        }
    }

    /** Passes a copy through the rate limiter, then sends it now or at its deadline. */
    private void admit(Impairment current, InFlight draft) {
        long queueing = bottleneck.admit(current, draft.payload.length, draft.arrival.receivedAtNanos());
        if (queueing == Bottleneck.FULL) {
            drop(draft.arrival, RelayEvent.Action.QUEUE_FULL, draft.flippedBits, draft.scriptAction, draft.payload);
            return;
        }
        long delay = queueing + draft.plannedDelayNanos;
        InFlight copy = queueing == 0 ? draft : draft.delayedBy(delay);
        if (delay == 0) {
            release(copy);
            return;
        }
        counters.delayed.incrementAndGet();
        // By deadline, so time spent deciding does not add to the delay.
        long deadline = copy.arrival.receivedAtNanos() + delay;
        schedule(() -> release(copy), deadline);
    }

    /** A copy whose delay is over: hold it back for reordering, or send it and whatever it was holding up. */
    private void release(InFlight copy) {
        ReorderSlot slot = copy.route.slot();
        synchronized (slot) {
            if (copy.holdBack && slot.tryHold(copy)) {
                copy.wasHeld = true;
                counters.reordered.incrementAndGet();
                schedule(() -> holdExpired(copy), System.nanoTime() + copy.maxHoldNanos);
                return;
            }
            send(copy);
            InFlight overtaken = slot.take();
            if (overtaken != null) {
                send(overtaken);
            }
        }
    }

    /** Nothing came along to overtake a held-back copy in time: send it anyway. */
    private void holdExpired(InFlight copy) {
        synchronized (copy.route.slot()) {
            if (copy.route.slot().takeIfHeld(copy)) {
                send(copy);
            }
        }
    }

    private void send(InFlight copy) {
        long sendingAt = System.nanoTime(); // before the call: no one can have the copy earlier than this
        int sent;
        try {
            sent = copy.route.out().send(ByteBuffer.wrap(copy.payload), copy.route.destination());
        } catch (IOException e) { // closed session or relay, or an ICMP error: the datagram is gone
            sent = -1;
        }
        if (sent != copy.payload.length) { // all or nothing: 0 means a non-blocking socket had no buffer space
            drop(copy.arrival, RelayEvent.Action.UNDELIVERABLE, copy.flippedBits, copy.scriptAction, copy.payload);
            return;
        }
        Arrival a = copy.arrival;
        // Log before counting, so once the counters show a datagram as done its event is there too.
        record(
                new RelayEvent(
                        direction,
                        a.index(),
                        copy.duplicate ? RelayEvent.Action.DUPLICATE_FORWARDED : RelayEvent.Action.FORWARDED,
                        a.receivedAtNanos() - startNanos,
                        sendingAt - startNanos,
                        copy.plannedDelayNanos,
                        a.size(),
                        copy.flippedBits,
                        copy.wasHeld,
                        a.client(),
                        a.packet(),
                        copy.scriptAction),
                copy.payload);
        counters.bytesForwarded.addAndGet(copy.payload.length);
        counters.forwarded.incrementAndGet();
    }

    private void drop(
            Arrival a, RelayEvent.Action action, int flippedBits, Script.Action scriptAction, byte[] payload) {
        record(
                new RelayEvent(
                        direction,
                        a.index(),
                        action,
                        a.receivedAtNanos() - startNanos,
                        -1,
                        0,
                        a.size(),
                        flippedBits,
                        false,
                        a.client(),
                        a.packet(),
                        scriptAction),
                payload);
        counters.dropped.incrementAndGet();
    }

    private void record(RelayEvent event, byte[] payload) {
        log.add(event);
        try {
            listener.handled(event);
            listener.carried(event, payload);
        } catch (RuntimeException e) {
            // A listener's failure must not stop the relay.
        }
    }

    private void schedule(Runnable task, long deadlineNanos) {
        try {
            timer.schedule(task, deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closing) {
            // The relay is closing; datagrams still in flight are discarded, as a link going down would.
        }
    }
}
