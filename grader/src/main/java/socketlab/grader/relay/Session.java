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
    final ReorderSlot upstreamSlot = new ReorderSlot();
    final ReorderSlot downstreamSlot = new ReorderSlot();
    /** System.nanoTime() of the last datagram either way (written by both I/O threads, read by the reaper). */
    volatile long lastActivityNanos;

    Session(InetSocketAddress client, DatagramChannel channel, long nowNanos) {
        this.client = client;
        this.channel = channel;
        this.lastActivityNanos = nowNanos;
    }
}
