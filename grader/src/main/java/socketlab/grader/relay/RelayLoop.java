package socketlab.grader.relay;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The relay's single I/O thread: one selector over the client-facing socket and every session socket. It reads each
 * ready socket dry, hands datagrams to the direction pipelines, opens sessions for new clients and closes idle ones.
 */
final class RelayLoop implements Runnable {
    private static final System.Logger LOG = System.getLogger(RelayLoop.class.getName());
    /** Ask for big receive buffers so bursts queue in the kernel instead of being dropped there. */
    private static final int SOCKET_BUFFER_BYTES = 4 << 20;
    /** 127.0.0.1 spelled out: getLoopbackAddress() may be ::1, and the relay's sockets are IPv4. */
    static final InetAddress LOOPBACK = ipv4Loopback();

    private final Selector selector;
    private final DatagramChannel front;
    private final InetSocketAddress target;
    private final DirectionPipeline upstream;
    private final DirectionPipeline downstream;
    private final long idleTimeoutNanos;
    private final int maxSessions;
    private final Map<InetSocketAddress, Session> sessions = new ConcurrentHashMap<>();
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(65_536);
    private volatile boolean running = true;
    private long nextReapNanos;

    RelayLoop(Selector selector, DatagramChannel front, InetSocketAddress target, DirectionPipeline upstream,
              DirectionPipeline downstream, long idleTimeoutNanos, int maxSessions) {
        this.selector = selector;
        this.front = front;
        this.target = target;
        this.upstream = upstream;
        this.downstream = downstream;
        this.idleTimeoutNanos = idleTimeoutNanos;
        this.maxSessions = maxSessions;
        this.nextReapNanos = System.nanoTime() + reapIntervalNanos();
    }

    /** Opens the non-blocking, loopback-only socket clients send to. */
    static DatagramChannel openLoopbackChannel() throws IOException {
        DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
        try {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER_BYTES);
            channel.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER_BYTES);
            channel.bind(new InetSocketAddress(LOOPBACK, 0));
            channel.configureBlocking(false);
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static InetAddress ipv4Loopback() {
        try {
            return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
        } catch (java.net.UnknownHostException impossible) { // only thrown for a malformed address
            throw new IllegalStateException(impossible);
        }
    }

    int sessionCount() {
        return sessions.size();
    }

    /** Makes {@link #run} return soon; it closes every socket and the selector on its way out. */
    void stop() {
        running = false;
        selector.wakeup();
    }

    @Override
    public void run() {
        try {
            while (running) {
                selector.select(Math.max(1, reapIntervalNanos() / 1_000_000));
                Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
                while (running && ready.hasNext()) {
                    SelectionKey key = ready.next();
                    ready.remove();
                    if (key.isValid() && key.isReadable()) {
                        Session session = (Session) key.attachment();
                        if (session == null) {
                            readFromClients();
                        } else {
                            readFromServer(session);
                        }
                    }
                }
                reapIdleSessions();
            }
        } catch (IOException | ClosedSelectorException e) {
            if (running) {
                LOG.log(System.Logger.Level.WARNING, "UDP relay stopped on an I/O error", e);
            }
        } finally {
            closeEverything();
        }
    }

    private void readFromClients() throws IOException {
        SocketAddress source;
        while (running && (source = front.receive(buffer)) != null) {
            long now = System.nanoTime();
            byte[] payload = takePayload();
            InetSocketAddress client = (InetSocketAddress) source;
            Session session = sessions.get(client);
            if (session == null) {
                session = openSession(client, now);
                if (session == null) {
                    upstream.refuse(payload, now, client);
                    continue;
                }
            }
            session.lastActivityNanos = now;
            upstream.accept(payload, now, session.channel, target, session.upstreamSlot, client);
        }
    }

    private void readFromServer(Session session) {
        SocketAddress source;
        try {
            while (running && (source = session.channel.receive(buffer)) != null) {
                long now = System.nanoTime();
                byte[] payload = takePayload();
                if (!target.equals(source)) {
                    continue; // only the server may answer through a session
                }
                session.lastActivityNanos = now;
                downstream.accept(payload, now, front, session.client, session.downstreamSlot, session.client);
            }
        } catch (IOException e) {
            closeSession(session);
        }
    }

    private byte[] takePayload() {
        buffer.flip();
        byte[] payload = new byte[buffer.remaining()];
        buffer.get(payload);
        buffer.clear();
        return payload;
    }

    /** Opens the socket that stands for {@code client} towards the server, or returns null if it cannot. */
    private Session openSession(InetSocketAddress client, long now) {
        if (sessions.size() >= maxSessions) {
            return null;
        }
        DatagramChannel channel = null;
        try {
            channel = openLoopbackChannel();
            Session session = new Session(client, channel, now);
            channel.register(selector, SelectionKey.OP_READ, session);
            sessions.put(client, session);
            return session;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "UDP relay could not open a session socket for " + client, e);
            closeQuietly(channel);
            return null;
        }
    }

    private void reapIdleSessions() {
        long now = System.nanoTime();
        if (now - nextReapNanos < 0) {
            return;
        }
        nextReapNanos = now + reapIntervalNanos();
        for (Session session : sessions.values()) {
            if (now - session.lastActivityNanos > idleTimeoutNanos) {
                closeSession(session);
            }
        }
    }

    private long reapIntervalNanos() {
        return Math.min(1_000_000_000L, Math.max(1_000_000L, idleTimeoutNanos / 4));
    }

    private void closeSession(Session session) {
        sessions.remove(session.client, session);
        closeQuietly(session.channel);
    }

    private void closeEverything() {
        for (Session session : sessions.values()) {
            closeSession(session);
        }
        closeQuietly(front);
        try {
            selector.close();
        } catch (IOException ignored) {
            // Nothing more to release.
        }
    }

    private static void closeQuietly(DatagramChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // Closing a datagram socket only fails if it is already broken; it is released either way.
        }
    }
}
