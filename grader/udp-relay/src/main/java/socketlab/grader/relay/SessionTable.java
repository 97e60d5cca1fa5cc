package socketlab.grader.relay;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The relay's sessions by client address. The upstream thread opens them; the downstream thread's selector reads
 * their replies and closes those that have been idle too long.
 */
final class SessionTable {
    private static final System.Logger LOG = System.getLogger(SessionTable.class.getName());

    private final Map<InetSocketAddress, Session> sessions = new ConcurrentHashMap<>();
    private final Selector selector;
    private final DatagramChannel front;
    private final InetSocketAddress server;
    private final int maxSessions;
    /** Set by {@link #closeAll()}; a session opened concurrently closes itself. */
    private volatile boolean closed;

    SessionTable(Selector selector, DatagramChannel front, InetSocketAddress server, int maxSessions) {
        this.selector = selector;
        this.front = front;
        this.server = server;
        this.maxSessions = maxSessions;
    }

    Session get(InetSocketAddress client) {
        return sessions.get(client);
    }

    int size() {
        return sessions.size();
    }

    /** Opens the socket that stands for {@code client} towards the server, or returns null if it cannot. */
    Session open(InetSocketAddress client, long nowNanos) {
        if (sessions.size() >= maxSessions) {
            return null;
        }
        DatagramChannel channel = null;
        try {
            channel = Loopback.open(false);
            Session session = new Session(client, channel, server, front, nowNanos);
            channel.register(selector, SelectionKey.OP_READ, session);
            sessions.put(client, session);
            if (closed) { // closeAll() may have run before the put: do not leave this socket behind
                close(session);
                return null;
            }
            selector.wakeup(); // the selector polls the new socket from its next select on
            return session;
        } catch (IOException | RuntimeException e) { // includes a selector closed by close()
            LOG.log(System.Logger.Level.DEBUG, "UDP relay could not open a session socket for " + client, e);
            Loopback.closeQuietly(channel);
            return null;
        }
    }

    void close(Session session) {
        sessions.remove(session.client, session);
        Loopback.closeQuietly(session.channel);
    }

    void closeIdle(long nowNanos, long idleTimeoutNanos) {
        for (Session session : sessions.values()) {
            if (nowNanos - session.lastActivityNanos > idleTimeoutNanos) {
                close(session);
            }
        }
    }

    void closeAll() {
        closed = true;
        sessions.values().forEach(this::close);
    }
}
