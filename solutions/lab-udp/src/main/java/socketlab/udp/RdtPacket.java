package socketlab.udp;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/**
 * One packet of the reliable-transfer protocol (rdt 3.0 and Go-Back-N), as it travels in one UDP
 * datagram:
 *
 * <pre>
 *   0         4      5         9
 *   +---------+------+---------+---------------------------+
 *   | checksum| type |   seq   | payload (0..MAX_PAYLOAD)  |
 *   +---------+------+---------+---------------------------+
 *   checksum: CRC-32 of every byte after it (type, seq and payload), big-endian
 *   type:     'D' data, 'A' acknowledgement, 'F' end of the transfer (FIN)
 *   seq:      the packet's sequence number (0, 1, 2, ...), big-endian; an ACK carries the number of
 *             the packet it acknowledges
 * </pre>
 *
 * The textbook's rdt 3.0 needs only a 1-bit sequence number because its channel never reorders
 * packets. The kit's relay can reorder and duplicate them, so an old copy of packet 0 could pass for
 * a new one: a 32-bit number cannot be mistaken.
 *
 * @param type    {@link #DATA}, {@link #ACK} or {@link #FIN}
 * @param seq     the sequence number
 * @param payload the data carried (empty for ACK and FIN)
 */
public record RdtPacket(byte type, int seq, byte[] payload) {

    public static final byte DATA = 'D';
    public static final byte ACK = 'A';
    public static final byte FIN = 'F';

    /** Bytes before the payload: checksum (4), type (1), sequence number (4). */
    public static final int HEADER_SIZE = 9;

    /** The most data one packet carries. */
    public static final int MAX_PAYLOAD = 4096;

    /** The datagram for a packet of {@code type} and {@code seq} carrying {@code data[offset, offset + length)}. */
    public static byte[] encode(byte type, int seq, byte[] data, int offset, int length) {
        ByteBuffer packet = ByteBuffer.allocate(HEADER_SIZE + length);
        // Step 1: write the header and the payload: room for the checksum (an int, 0 for now), the
        // type, the sequence number, then the data (ByteBuffer's putInt, put, putInt, put).
        packet.putInt(0).put(type).putInt(seq).put(data, offset, length);
        // End of step 1.

        // Step 2: compute the checksum of everything after the checksum field (bytes 4 to the end)
        // and write it into the first 4 bytes (putInt(0, ...)).
        packet.putInt(0, checksum(packet.array(), 4, packet.capacity() - 4));
        // End of step 2.
        return packet.array();
    }

    /** An acknowledgement of packet {@code seq}. */
    public static byte[] ack(int seq) {
        return encode(ACK, seq, new byte[0], 0, 0);
    }

    /**
     * The packet in the first {@code length} bytes of {@code datagram}, or null if they are not a
     * packet: too short, an unknown type, or a checksum that does not match (bits flipped on the way).
     */
    public static RdtPacket decode(byte[] datagram, int length) {
        if (length < HEADER_SIZE) {
            return null;
        }
        ByteBuffer packet = ByteBuffer.wrap(datagram, 0, length);
        // Step 3: read the checksum the sender wrote and compare it with the checksum of the bytes
        // that came (4 to length). If they differ, the packet was corrupted: return null.
        int checksum = packet.getInt();
        if (checksum != checksum(datagram, 4, length - 4)) {
            return null;
        }
        // End of step 3.

        // Step 4: read the type, the sequence number and the payload (the rest); return null for an
        // unknown type.
        byte type = packet.get();
        int seq = packet.getInt();
        byte[] payload = new byte[packet.remaining()];
        packet.get(payload);
        if (type != DATA && type != ACK && type != FIN) {
            return null;
        }
        return new RdtPacket(type, seq, payload);
        // Skeleton: return todo(4);
    }

    /** CRC-32 of {@code bytes[offset, offset + length)}: any 1, 2 or 3 flipped bits change it. */
    public static int checksum(byte[] bytes, int offset, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }
}
