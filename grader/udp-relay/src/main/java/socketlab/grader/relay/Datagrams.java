package socketlab.grader.relay;

import java.nio.ByteBuffer;

/** Copies a received datagram out of the shared receive buffer: it may be delayed, duplicated or corrupted. */
final class Datagrams {
    private Datagrams() {}

    static byte[] take(ByteBuffer buffer) {
        buffer.flip();
        byte[] payload = new byte[buffer.remaining()];
        buffer.get(payload);
        buffer.clear();
        return payload;
    }
}
