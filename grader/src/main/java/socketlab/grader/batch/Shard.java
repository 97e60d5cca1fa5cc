package socketlab.grader.batch;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * One slice of a class folder, {@code index} of {@code count} (from 0, as Kubernetes numbers an Indexed Job's pods).
 * A submission's slice depends on its name and the count only (a hash of the name), never on the listing order or on
 * the other submissions, so every pod agrees on it without talking to the others, and a late submission moves
 * nobody else.
 */
public record Shard(int index, int count) {

    /** The whole class. */
    public static final Shard ALL = new Shard(0, 1);

    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException(
                    "a shard is I/N with N at least 1 and I from 0 to N-1, not " + index + "/" + count);
        }
    }

    /** "I/N", e.g. "2/8"; a clear one-line error otherwise. */
    public static Shard parse(String text) {
        String[] parts = text.strip().split("/", -1);
        try {
            if (parts.length == 2) {
                return new Shard(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()));
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("a shard is I/N (e.g. 0/4: the first of 4), not '" + text + "'");
    }

    /** Whether the submission named {@code name} is this shard's. */
    public boolean contains(String name) {
        return count == 1 || Long.remainderUnsigned(hash(name), count) == index;
    }

    private static long hash(String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            long value = 0;
            for (int i = 0; i < Long.BYTES; i++) {
                value = value << 8 | (digest[i] & 0xff);
            }
            return value;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
