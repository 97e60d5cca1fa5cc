package socketlab.grader.suites.udp;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.CRC32;

/** The grader's own reading of the lab's packet format ([CRC-32][type][seq][payload]) and its byte helpers. */
final class RdtReference {

    static final byte DATA = 'D';
    static final byte ACK = 'A';
    static final byte FIN = 'F';
    static final int HEADER_SIZE = 9;
    static final int MAX_PAYLOAD = 4096;

    private RdtReference() {
    }

    static byte[] encode(byte type, int seq, byte[] payload) {
        ByteBuffer packet = ByteBuffer.allocate(HEADER_SIZE + payload.length);
        packet.putInt(0).put(type).putInt(seq).put(payload);
        CRC32 crc = new CRC32();
        crc.update(packet.array(), 4, packet.capacity() - 4);
        packet.putInt(0, (int) crc.getValue());
        return packet.array();
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
