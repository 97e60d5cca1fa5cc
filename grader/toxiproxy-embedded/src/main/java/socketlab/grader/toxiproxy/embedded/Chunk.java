package socketlab.grader.toxiproxy.embedded;

/** A slice of bytes read from one side of a connection, stamped with the time it arrived (System.nanoTime). */
final class Chunk {
    final byte[] data;
    final int offset;
    final int length;
    final long stampNanos;

    Chunk(byte[] data, int offset, int length, long stampNanos) {
        this.data = data;
        this.offset = offset;
        this.length = length;
        this.stampNanos = stampNanos;
    }

    Chunk slice(int from, int to) {
        return new Chunk(data, offset + from, to - from, stampNanos);
    }

    Chunk stampedAt(long nanos) {
        return new Chunk(data, offset, length, nanos);
    }
}
