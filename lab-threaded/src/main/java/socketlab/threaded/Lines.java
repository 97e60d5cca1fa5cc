package socketlab.threaded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads the lines a client sends, with a limit on their length (given complete). TCP carries a stream of
 * bytes: a line is whatever comes before the next "\n", however many reads it takes to arrive. A client
 * that never sends a newline must not make the server keep everything it sends: a line longer than the
 * limit is refused as soon as it is longer.
 */
final class Lines {

    private Lines() {
    }

    /**
     * The next line from {@code in} (give it a BufferedInputStream: this reads byte by byte), without its
     * "\n" or a "\r" before it, decoded as UTF-8; null if the stream ends before any byte of it.
     *
     * @throws TooLong as soon as the line is longer than {@code maxBytes}; the rest of it is not read
     */
    static String read(InputStream in, int maxBytes) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b == -1 && line.size() == 0) {
                return null;
            }
            if (b == -1 || b == '\n') {
                String text = line.toString(StandardCharsets.UTF_8);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            if (line.size() == maxBytes) {
                throw new TooLong(maxBytes);
            }
            line.write(b);
        }
    }

    /** A line longer than the limit. */
    static final class TooLong extends IOException {
        private static final long serialVersionUID = 1L;

        TooLong(int maxBytes) {
            super("a line longer than " + maxBytes + " bytes");
        }
    }
}
