package socketlab.grader.relay;

import java.util.Objects;

/**
 * What a {@link PacketDecoder} read from a datagram of the lab's protocol: the packet's kind and sequence number,
 * e.g. {@code ACK 5}. The relay matches {@link Script} rules against it and logs it with each {@link RelayEvent}.
 *
 * @param kind the packet's type, as the decoder names it ("DATA", "ACK", "FIN")
 * @param seq  its sequence number
 */
public record Packet(String kind, long seq) {

    public Packet {
        Objects.requireNonNull(kind, "kind");
    }

    @Override
    public String toString() {
        return kind + " " + seq;
    }
}
