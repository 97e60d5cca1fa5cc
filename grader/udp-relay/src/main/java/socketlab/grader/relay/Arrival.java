package socketlab.grader.relay;

import java.net.InetSocketAddress;

/**
 * A datagram as it reached the relay: its place in its direction, when it came, its size, whose session it is and
 * what packet it carries (null without a decoder, or if it carries none).
 */
record Arrival(long index, long receivedAtNanos, int size, InetSocketAddress client, Packet packet) {}
