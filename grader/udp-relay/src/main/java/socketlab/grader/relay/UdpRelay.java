package socketlab.grader.relay;

import java.io.Closeable;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * A seeded UDP impairment relay on 127.0.0.1: clients send to {@link #port()}, the relay forwards each client's
 * datagrams to the server from a socket of its own (a NAT-like session), and forwards the server's replies back to
 * that client, applying an {@link Impairment} per direction.
 *
 * <pre>{@code
 * try (UdpRelay relay = UdpRelay.to(serverPort)
 *         .seed(42)
 *         .both(Impairment.none().loss(0.30).delay(Duration.ofMillis(100), Duration.ofMillis(20)))
 *         .start()) {
 *     pinger.run("127.0.0.1", relay.port());
 *     relay.stats().upstream().dropped();
 * }
 * }</pre>
 *
 * <p><b>Replay.</b> Each direction draws from its own random stream split from the seed, and datagram n of a
 * direction draws from the n-th split of that stream, so the same seed and the same datagrams (in the order the
 * relay reads them) give the same losses, duplicates, corruptions, reorder choices and delays, whatever the thread
 * timing and whatever the other direction carries. Only rate-limit queue drops depend on timing. With several
 * clients, the sequence of a direction interleaves their datagrams in arrival order.
 *
 * <p><b>Scripts and decoding.</b> Beside the random impairment, a direction's {@link Script} can decide chosen
 * datagrams exactly ("drop the first ACK 5"); rules that name packets read them with the {@link PacketDecoder} the
 * builder was given, which also names each datagram in the {@link RelayEvent}s. A {@link RelayListener} hears when the
 * relay is configured and what it does to each datagram: the relay itself depends on the JDK only.
 *
 * <p>Threads, all daemons: {@code udp-relay-PORT-up} reads clients' datagrams (blocking, so one system call per
 * datagram), {@code udp-relay-PORT-down} reads the servers' replies on all session sockets through one selector and
 * closes idle sessions, and {@code udp-relay-PORT-timer} sends delayed datagrams at their deadlines. No thread is
 * started per datagram or per session. {@link #close()} closes every socket and stops all three.
 */
public final class UdpRelay implements Closeable {

    /** How reports name this backend. */
    public static final String BACKEND = "UDP: the kit's seeded datagram relay";

    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);
    private static final long SETTLE_POLL_NANOS = 200_000;

    private final long seed;
    private final InetSocketAddress address;
    private final InetSocketAddress target;
    private final long startNanos;
    private final DirectionPipeline upstream;
    private final DirectionPipeline downstream;
    private final EventLog log;
    private final DatagramChannel front;
    private final SessionTable sessions;
    private final DownstreamLoop downstreamLoop;
    private final Thread upstreamThread;
    private final Thread downstreamThread;
    private final ScheduledThreadPoolExecutor timer;
    private final RelayThreads timerThreads;
    private final RelayListener listener;
    private final boolean decodes;
    private final AtomicBoolean closed = new AtomicBoolean();

    private UdpRelay(Builder builder, DatagramChannel front, Selector selector) throws IOException {
        this.seed = builder.seed;
        this.target = builder.target;
        this.address = (InetSocketAddress) front.getLocalAddress();
        this.startNanos = System.nanoTime();
        this.log = new EventLog(builder.eventLogCapacity);
        this.listener = builder.listener;
        this.decodes = builder.decoder != null;
        this.timerThreads = new RelayThreads(address.getPort(), "timer");
        this.timer = new ScheduledThreadPoolExecutor(1, timerThreads);
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        timer.setRemoveOnCancelPolicy(true);
        SplittableRandom root = new SplittableRandom(seed);
        this.upstream = new DirectionPipeline(
                Direction.UPSTREAM, root.split(), builder.upstream, log, listener, builder.decoder, timer, startNanos);
        this.downstream = new DirectionPipeline(
                Direction.DOWNSTREAM,
                root.split(),
                builder.downstream,
                log,
                listener,
                builder.decoder,
                timer,
                startNanos);
        this.front = front;
        this.sessions = new SessionTable(selector, front, target, builder.maxSessions);
        this.downstreamLoop =
                new DownstreamLoop(selector, sessions, target, downstream, builder.sessionIdleTimeout.toNanos());
        this.upstreamThread =
                new RelayThreads(address.getPort(), "up").newThread(new UpstreamReader(front, sessions, upstream));
        this.downstreamThread = new RelayThreads(address.getPort(), "down").newThread(downstreamLoop);
    }

    /** Starts building a relay to a server on 127.0.0.1. */
    public static Builder to(int serverPort) {
        return to(new InetSocketAddress(Loopback.ADDRESS, serverPort));
    }

    /** Starts building a relay to a server at an IPv4 loopback address; any other address is refused. */
    public static Builder to(InetSocketAddress server) {
        return new Builder(server);
    }

    /** The port clients send to, on 127.0.0.1. */
    /** When the relay started ({@link System#nanoTime()}): its events' times count from here. */
    public long startedAtNanos() {
        return startNanos;
    }

    public int port() {
        return address.getPort();
    }

    /** The address clients send to (127.0.0.1 and {@link #port()}). */
    public InetSocketAddress address() {
        return address;
    }

    /** The server the relay forwards to. */
    public InetSocketAddress target() {
        return target;
    }

    /** The seed of every random decision; pass it to {@link Builder#seed(long)} to replay. */
    public long seed() {
        return seed;
    }

    public Impairment impairment(Direction direction) {
        return pipeline(direction).impairment();
    }

    /** Applies {@code impairment} to both directions from the next datagram on. Thread-safe. */
    public void reconfigure(Impairment impairment) {
        reconfigure(impairment, impairment);
    }

    /** Applies new impairments from the next datagram on. Thread-safe. */
    public void reconfigure(Impairment upstreamImpairment, Impairment downstreamImpairment) {
        requireDecoderFor(Objects.requireNonNull(upstreamImpairment, "upstream impairment"), decodes);
        requireDecoderFor(Objects.requireNonNull(downstreamImpairment, "downstream impairment"), decodes);
        upstream.reconfigure(upstreamImpairment);
        downstream.reconfigure(downstreamImpairment);
        configured();
    }

    /** Applies a new impairment to one direction from its next datagram on. Thread-safe. */
    public void reconfigure(Direction direction, Impairment impairment) {
        requireDecoderFor(Objects.requireNonNull(impairment, "impairment"), decodes);
        pipeline(direction).reconfigure(impairment);
        configured();
    }

    /** Tells the listener how the relay is set now. */
    private void configured() {
        try {
            listener.configured(this);
        } catch (RuntimeException e) {
            // A listener's failure must not stop the relay.
        }
    }

    private static void requireDecoderFor(Impairment impairment, boolean decodes) {
        if (impairment.script().readsPackets() && !decodes) {
            throw new IllegalArgumentException(
                    "a script rule that picks packets (" + impairment.script().describe()
                            + ") needs a packet decoder: give the relay one with UdpRelay.Builder.decoder(...)");
        }
    }

    /** A snapshot of both directions' counters. */
    public RelayStats stats() {
        return new RelayStats(upstream.stats(), downstream.stats());
    }

    /**
     * Waits until every datagram the relay has read so far, in both directions, has been forwarded or dropped
     * (nothing delayed, queued or held back), or until {@code timeout} passes. Counters and events are updated just
     * after each send, so a client may see a datagram a moment before the relay has counted it: call this before
     * comparing what a client saw with {@link #stats()} or {@link #events()}.
     *
     * @return true if the relay settled, false on timeout
     */
    public boolean awaitSettled(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            RelayStats now = stats();
            if (now.upstream().inFlight() == 0 && now.downstream().inFlight() == 0) {
                return true;
            }
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            LockSupport.parkNanos(SETTLE_POLL_NANOS);
        }
    }

    /** The most recent events (up to the configured capacity), oldest first. */
    public List<RelayEvent> events() {
        return log.snapshot();
    }

    /** The most recent events of one direction, oldest first. */
    public List<RelayEvent> events(Direction direction) {
        return log.snapshot().stream().filter(e -> e.direction() == direction).toList();
    }

    /** How many clients currently have a session. */
    public int sessionCount() {
        return sessions.size();
    }

    /**
     * One line for students, e.g.
     * "UDP relay (seed 42): upstream loss 30%, delay 100 ms ± 20 ms; downstream loss 30%, delay 100 ms ± 20 ms".
     */
    public String describe() {
        return "UDP relay (seed " + seed + "): upstream "
                + upstream.impairment().describe() + "; downstream "
                + downstream.impairment().describe();
    }

    /** The counters in one line, e.g. "upstream: 10 received, 3 dropped, 7 forwarded; downstream: ...". */
    public String summary() {
        return stats().summary();
    }

    /** Stops relaying, discards datagrams still in flight, closes every socket and stops the threads. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        Loopback.closeQuietly(front); // also wakes the upstream thread from its blocking receive
        timer.shutdownNow();
        boolean interrupted = false;
        try {
            upstreamThread.join(CLOSE_WAIT.toMillis()); // first, so it opens no session while they are closed
            downstreamLoop.stop();
            downstreamThread.join(CLOSE_WAIT.toMillis());
            timer.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            timerThreads.joinAll(CLOSE_WAIT.toMillis());
        } catch (InterruptedException e) {
            interrupted = true;
            downstreamLoop.stop();
        }
        sessions.closeAll(); // a no-op unless a thread failed to stop in time
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return describe() + " on " + address + " -> " + target;
    }

    private DirectionPipeline pipeline(Direction direction) {
        return direction == Direction.UPSTREAM ? upstream : downstream;
    }

    private UdpRelay startThreads() {
        timer.prestartCoreThread(); // so the first delayed datagram does not wait for a thread to start
        downstreamThread.start();
        upstreamThread.start();
        return this;
    }

    /** Fluent set-up of a relay; {@link #start()} binds it and starts relaying. */
    public static final class Builder {
        private final InetSocketAddress target;
        private long seed = ThreadLocalRandom.current().nextLong();
        private Impairment upstream = Impairment.none();
        private Impairment downstream = Impairment.none();
        private Duration sessionIdleTimeout = Duration.ofSeconds(60);
        private int eventLogCapacity = 10_000;
        private int maxSessions = 1_024;
        private RelayListener listener = RelayListener.NONE;
        private PacketDecoder decoder;

        private Builder(InetSocketAddress target) {
            this.target = requireLoopback(target);
        }

        /** Seeds every random decision (default: a random seed, reported by {@link UdpRelay#seed()}). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Sets the impairment of both directions. */
        public Builder both(Impairment impairment) {
            return upstream(impairment).downstream(impairment);
        }

        /** Sets (replaces) the client-to-server impairment. */
        public Builder upstream(Impairment impairment) {
            this.upstream = Objects.requireNonNull(impairment, "upstream impairment");
            return this;
        }

        /** Sets (replaces) the server-to-client impairment. */
        public Builder downstream(Impairment impairment) {
            this.downstream = Objects.requireNonNull(impairment, "downstream impairment");
            return this;
        }

        /** Closes a client's session after this long without traffic either way (default 60 s). */
        public Builder sessionIdleTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "sessionIdleTimeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("sessionIdleTimeout must be positive, was " + timeout);
            }
            this.sessionIdleTimeout = timeout;
            return this;
        }

        /** Keeps at most this many recent events (default 10,000; 0 keeps none). */
        public Builder eventLogCapacity(int capacity) {
            if (capacity < 0) {
                throw new IllegalArgumentException("eventLogCapacity must be 0 or more, was " + capacity);
            }
            this.eventLogCapacity = capacity;
            return this;
        }

        /** Refuses datagrams from new clients beyond this many sessions (default 1,024). */
        public Builder maxSessions(int sessions) {
            if (sessions < 1) {
                throw new IllegalArgumentException("maxSessions must be at least 1, was " + sessions);
            }
            this.maxSessions = sessions;
            return this;
        }

        /** Hears the relay's configuration and the fate of each datagram (default: nobody). */
        public Builder listener(RelayListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Reads the lab's packet format, for script rules that pick packets and for the events (default: none). */
        public Builder decoder(PacketDecoder decoder) {
            this.decoder = Objects.requireNonNull(decoder, "decoder");
            return this;
        }

        /** Binds 127.0.0.1 on an ephemeral port and starts relaying. */
        public UdpRelay start() throws IOException {
            requireDecoderFor(upstream, decoder != null);
            requireDecoderFor(downstream, decoder != null);
            DatagramChannel front = Loopback.open(true);
            Selector selector = null;
            try {
                selector = Selector.open();
                UdpRelay relay = new UdpRelay(this, front, selector).startThreads();
                relay.configured();
                return relay;
            } catch (IOException | RuntimeException | Error e) {
                front.close();
                if (selector != null) {
                    selector.close();
                }
                throw e;
            }
        }

        private static InetSocketAddress requireLoopback(InetSocketAddress server) {
            Objects.requireNonNull(server, "server address");
            if (server.isUnresolved()
                    || !(server.getAddress() instanceof Inet4Address)
                    || !server.getAddress().isLoopbackAddress()) {
                throw new IllegalArgumentException("the UDP relay forwards only to an IPv4 loopback address such as "
                        + "127.0.0.1 (network traffic must stay on this machine), was " + server);
            }
            if (server.getPort() == 0) {
                throw new IllegalArgumentException("the server port must be between 1 and 65535, was 0");
            }
            return server;
        }
    }
}
