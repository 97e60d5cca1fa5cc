package socketlab.grader.core;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Keeps what the program under test prints during a graded test, for its feedback. Bounded: a
 * program that prints gigabytes costs a counter, not memory or disk.
 */
public final class ConsoleCapture {

    private static final int KEEP_BYTES = 8 * 1024;
    private static final Buffer BUFFER = new Buffer();
    private static boolean installed;

    private ConsoleCapture() {}

    /** Routes System.out and System.err into the capture from now on (once per JVM). */
    public static synchronized void install() {
        if (!installed) {
            PrintStream capture = new PrintStream(BUFFER, true, StandardCharsets.UTF_8);
            System.setOut(capture);
            System.setErr(capture);
            installed = true;
        }
    }

    /** Starts a fresh capture for the next test. */
    public static void begin() {
        BUFFER.reset();
    }

    /** What was printed since {@link #begin()}, cut to a readable size; empty when nothing was. */
    public static String end() {
        return BUFFER.text();
    }

    private static final class Buffer extends OutputStream {
        private final byte[] kept = new byte[KEEP_BYTES];
        private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
        private int size;
        private long dropped;

        synchronized void reset() {
            size = 0;
            dropped = 0;
            line.reset();
        }

        @Override
        public synchronized void write(int b) {
            if (size < kept.length) {
                kept[size++] = (byte) b;
            } else {
                dropped++;
            }
            timeLine(b);
        }

        /** Each printed line goes on the test's timeline when it ends (its first 200 bytes). */
        private void timeLine(int b) {
            if (b == '\n') {
                Trace.running().printed(line.toString(StandardCharsets.UTF_8).stripTrailing());
                line.reset();
            } else if (line.size() < 200) {
                line.write(b);
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) {
                timeLine(b[i]);
            }
            int take = Math.min(len, kept.length - size);
            System.arraycopy(b, off, kept, size, take);
            size += take;
            dropped += len - take;
        }

        synchronized String text() {
            String text = new String(kept, 0, size, StandardCharsets.UTF_8);
            return dropped == 0 ? text : text + "\n… (" + dropped + " more bytes not kept)";
        }
    }
}
