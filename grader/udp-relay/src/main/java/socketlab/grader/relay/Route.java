package socketlab.grader.relay;

import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;

/** Where a datagram goes on: the socket it leaves from, its destination, and its session's reorder slot. */
record Route(DatagramChannel out, InetSocketAddress destination, ReorderSlot slot) {}
