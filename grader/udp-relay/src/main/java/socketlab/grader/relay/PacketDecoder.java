package socketlab.grader.relay;

/**
 * Reads a lab's packet format, so that the relay can name the datagrams it carries and {@link Script} rules can pick
 * them ("drop ACK 5"). The suite that knows the format supplies it ({@link UdpRelay.Builder#decoder}). It runs on the
 * relay's reader threads for every datagram, so it must be quick, and it must not keep the array.
 */
@FunctionalInterface
public interface PacketDecoder {

    /** The packet {@code datagram} carries, or null if it carries none (too short, corrupted, of an unknown kind). */
    Packet decode(byte[] datagram);
}
