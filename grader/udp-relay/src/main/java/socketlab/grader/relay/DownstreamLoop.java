package socketlab.grader.relay;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;

/**
 * The downstream thread: one selector over every session socket. It reads each ready socket dry, passes the
 * server's replies to the downstream pipeline (towards the session's client), and closes idle sessions.
 * On stop it closes every session and the selector.
 */
final class DownstreamLoop implements Runnable {
    private static final System.Logger LOG = System.getLogger(DownstreamLoop.class.getName());

    private final Selector selector;
    private final SessionTable sessions;
    private final InetSocketAddress target;
    private final DirectionPipeline downstream;
    private final long idleTimeoutNanos;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(65_536);
    private volatile boolean running = true;

    DownstreamLoop(
            Selector selector,
            SessionTable sessions,
            InetSocketAddress target,
            DirectionPipeline downstream,
            long idleTimeoutNanos) {
        this.selector = selector;
        this.sessions = sessions;
        this.target = target;
        this.downstream = downstream;
        this.idleTimeoutNanos = idleTimeoutNanos;
    }

    /** Makes {@link #run} return soon. */
    void stop() {
        running = false;
        selector.wakeup();
    }

    @Override
    public void run() {
        long reapInterval = Math.min(1_000_000_000L, Math.max(1_000_000L, idleTimeoutNanos / 4));
        long nextReap = System.nanoTime() + reapInterval;
        try {
            while (running) {
                selector.select(Math.max(1, reapInterval / 1_000_000));
                Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
                while (running && ready.hasNext()) {
                    SelectionKey key = ready.next();
                    ready.remove();
                    if (key.isValid() && key.isReadable()) {
                        readFromServer((Session) key.attachment());
                    }
                }
                long now = System.nanoTime();
                if (now - nextReap >= 0) {
                    sessions.closeIdle(now, idleTimeoutNanos);
                    nextReap = now + reapInterval;
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            if (running) {
                LOG.log(System.Logger.Level.WARNING, "UDP relay: downstream stopped on an I/O error", e);
            }
        } finally {
            sessions.closeAll();
            try {
                selector.close();
            } catch (IOException ignored) {
                // Nothing more to release.
            }
        }
    }

    private void readFromServer(Session session) {
        try {
            SocketAddress source;
            while (running && (source = session.channel.receive(buffer)) != null) {
                long now = System.nanoTime();
                byte[] payload = Datagrams.take(buffer);
                if (!target.equals(source)) {
                    continue; // only the server may answer through a session
                }
                session.lastActivityNanos = now;
                downstream.accept(payload, now, session.downstream, session.client);
            }
        } catch (PortUnreachableException e) {
            // An ICMP error for an earlier send (reported on some systems): the server is not up yet, keep going.
        } catch (IOException e) { // closed as idle, or broken: either way the session is over
            sessions.close(session);
        }
    }
}
