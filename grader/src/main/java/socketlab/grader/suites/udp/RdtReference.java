package socketlab.grader.suites.udp;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.CRC32;
import socketlab.grader.relay.Packet;
import socketlab.grader.relay.PacketDecoder;

/** The grader's own reading of the lab's packet format ([CRC-32][type][seq][payload]) and its byte helpers. */
final class RdtReference {

    /** A packet as the grader reads it. */
    record Decoded(byte type, int seq, byte[] payload) {
        String kind() {
            return kindOf(type);
        }

        @Override
        public String toString() {
            return kind() + " " + seq;
        }
    }

    /** How the relay names the lab's packets: DATA 3, ACK 3, FIN 9 (a corrupted or unknown datagram is none). */
    static final PacketDecoder DECODER = datagram -> {
        Decoded packet = decode(datagram, datagram.length);
        return packet == null ? null : new Packet(packet.kind(), packet.seq());
    };

    static final byte DATA = 'D';
    static final byte ACK = 'A';
    static final byte FIN = 'F';
    static final int HEADER_SIZE = 9;
    static final int MAX_PAYLOAD = 4096;

    private RdtReference() {}

    static byte[] encode(byte type, int seq, byte[] payload) {
        ByteBuffer packet = ByteBuffer.allocate(HEADER_SIZE + payload.length);
        packet.putInt(0).put(type).putInt(seq).put(payload);
        CRC32 crc = new CRC32();
        crc.update(packet.array(), 4, packet.capacity() - 4);
        packet.putInt(0, (int) crc.getValue());
        return packet.array();
    }

    static byte[] ack(int seq) {
        return encode(ACK, seq, new byte[0]);
    }

    /**
     * The packet in the first {@code length} bytes, or null: too short, a checksum that does not match, an unknown
     * type.
     */
    static Decoded decode(byte[] datagram, int length) {
        if (length < HEADER_SIZE) {
            return null;
        }
        CRC32 crc = new CRC32();
        crc.update(datagram, 4, length - 4);
        ByteBuffer packet = ByteBuffer.wrap(datagram, 0, length);
        if (packet.getInt() != (int) crc.getValue()) {
            return null;
        }
        byte type = packet.get();
        int seq = packet.getInt();
        if (type != DATA && type != ACK && type != FIN) {
            return null;
        }
        return new Decoded(type, seq, Arrays.copyOfRange(datagram, HEADER_SIZE, length));
    }

    static String kindOf(byte type) {
        return switch (type) {
            case DATA -> "DATA";
            case ACK -> "ACK";
            case FIN -> "FIN";
            default -> "?";
        };
    }

    /** The name of packet {@code seq} of a transfer of {@code packets} packets: the last is the FIN. */
    static String nameOf(int seq, int packets) {
        return (seq == packets - 1 ? "FIN " : "DATA ") + seq;
    }

    /** How many packets (data packets and the FIN) a transfer of {@code bytes} takes. */
    static int packetsFor(int bytes) {
        return (bytes + MAX_PAYLOAD - 1) / MAX_PAYLOAD + 1;
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Bytes in hex, cut to a readable length. */
    static String hex(byte[] data) {
        String hex = HexFormat.ofDelimiter(" ").formatHex(data, 0, Math.min(data.length, 24));
        return data.length > 24 ? hex + " … (" + data.length + " bytes)" : hex + " (" + data.length + " bytes)";
    }

    /** The first offset where {@code a} and {@code b} differ, or -1 if they are equal. */
    static int firstDifference(byte[] a, byte[] b) {
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) {
            if (a[i] != b[i]) {
                return i;
            }
        }
        return a.length == b.length ? -1 : n;
    }
}
