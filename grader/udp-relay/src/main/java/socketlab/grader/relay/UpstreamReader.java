package socketlab.grader.relay;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;

/**
 * The upstream thread: a blocking read on the relay's port (one system call per datagram, no selector), a session
 * per client, and the upstream pipeline. Closing the port ends it.
 */
final class UpstreamReader implements Runnable {
    private static final System.Logger LOG = System.getLogger(UpstreamReader.class.getName());

    private final DatagramChannel front;
    private final SessionTable sessions;
    private final DirectionPipeline upstream;

    UpstreamReader(DatagramChannel front, SessionTable sessions, DirectionPipeline upstream) {
        this.front = front;
        this.sessions = sessions;
        this.upstream = upstream;
    }

    @Override
    public void run() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(65_536);
        while (front.isOpen()) {
            try {
                buffer.clear();
                SocketAddress source = front.receive(buffer);
                long now = System.nanoTime();
                relay((InetSocketAddress) source, Datagrams.take(buffer), now);
            } catch (ClosedChannelException closed) { // close() closed the port (maybe while we were blocked)
                return;
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "UDP relay: receive failed, going on", e);
            }
        }
    }

    private void relay(InetSocketAddress client, byte[] payload, long now) {
        Session session = sessions.get(client);
        if (session == null) {
            session = sessions.open(client, now);
            if (session == null) {
                upstream.refuse(payload, now, client);
                return;
            }
        }
        session.lastActivityNanos = now;
        upstream.accept(payload, now, session.upstream, client);
    }
}
