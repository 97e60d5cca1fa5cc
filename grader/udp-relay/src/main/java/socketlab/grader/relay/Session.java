package socketlab.grader.relay;

import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;

/**
 * One client's NAT-like mapping: the relay forwards the client's datagrams to the server from this session's own
 * socket, so the server sees one source address per client and its replies come back here.
 */
final class Session {
    final InetSocketAddress client;
    /** Bound to 127.0.0.1 on an ephemeral port; sends to and receives from the server. */
    final DatagramChannel channel;
    /** The client's datagrams: from this session's socket to the server. */
    final Route upstream;
    /** The server's replies: from the relay's front socket to the client. */
    final Route downstream;
    /** System.nanoTime() of the last datagram either way (written by both I/O threads, read by the reaper). */
    volatile long lastActivityNanos;

    Session(
            InetSocketAddress client,
            DatagramChannel channel,
            InetSocketAddress server,
            DatagramChannel front,
            long nowNanos) {
        this.client = client;
        this.channel = channel;
        this.upstream = new Route(channel, server, new ReorderSlot());
        this.downstream = new Route(front, client, new ReorderSlot());
        this.lastActivityNanos = nowNanos;
    }
}
