package socketlab.tcp;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Framing for a TCP connection: splits its byte stream into newline-terminated lines.
 *
 * <p>TCP carries a stream of bytes, not messages. One {@code write} of "1 2 3\n" may arrive in three
 * {@code read}s ("1 ", "2 3", "\n"), and two writes may arrive in one read. So a program never treats
 * "what one read returned" as "one message": it keeps reading until the message's end marker, the
 * newline, has arrived, and keeps whatever came after it for the next message.
 *
 * <p>A line may be at most {@code maxBytes} long (without its newline). A longer one is refused as soon as
 * its {@code maxBytes + 1}-th byte arrives, so a client that never sends a newline cannot fill the
 * program's memory.
 */
public class LineReader {

    private final InputStream in;
    private final int maxBytes;

    /** Reads lines of at most {@code maxBytes} bytes from {@code in} (a socket's input stream). */
    public LineReader(InputStream in, int maxBytes) {
        // A buffer in between, so reading one byte at a time does not cost one system call per byte.
        this.in = new BufferedInputStream(in);
        this.maxBytes = maxBytes;
    }

    /**
     * The next line, without its "\n" (nor a "\r" before it), decoded as UTF-8. Waits for as many reads
     * as it takes for the newline to arrive.
     *
     * @return the line, or null if the connection ended first (a last line without its newline is dropped)
     * @throws LineTooLongException as soon as the line is longer than maxBytes; the rest of it is
     *                              still unread: call {@link #skipRestOfLine()} to get past it
     */
    public String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        // Step 1: read byte after byte until the newline. Keep each byte in "line"; give up with
        // LineTooLongException when "line" would grow past maxBytes; return null when read() says the
        // stream has ended (-1) before the newline came.
        while (true) {
            int b = in.read();
            if (b == -1) {
                return null;
            }
            if (b == '\n') {
                break;
            }
            if (line.size() == maxBytes) {
                throw new LineTooLongException(maxBytes);
            }
            line.write(b);
        }
        // End of step 1.
        String text = line.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    /**
     * After a {@link LineTooLongException}: reads and throws away bytes up to and including the next
     * newline, keeping none of them, so the next {@link #readLine()} starts at the next line.
     *
     * @return false if the connection ended before the newline
     */
    public boolean skipRestOfLine() throws IOException {
        // Step 2: read and drop bytes until the newline (return true) or the end of the stream (false).
        // Keep nothing: the line may be gigabytes long.
        while (true) {
            int b = in.read();
            if (b == -1) {
                return false;
            }
            if (b == '\n') {
                return true;
            }
        }
        // Skeleton: return todo(2);
    }

    /**
     * Reads and throws away the next {@code count} bytes (the body of an HTTP request, say), keeping none
     * of them.
     *
     * @return false if the connection ended before {@code count} bytes came
     */
    public boolean skipBytes(long count) throws IOException {
        byte[] scrap = new byte[8192];
        for (long left = count; left > 0; ) {
            int n = in.read(scrap, 0, (int) Math.min(scrap.length, left));
            if (n == -1) {
                return false;
            }
            left -= n;
        }
        return true;
    }

    /** Thrown by {@link #readLine()} for a line longer than the limit. */
    public static class LineTooLongException extends IOException {

        public LineTooLongException(int maxBytes) {
            super("line too long (the limit is " + maxBytes + " bytes)");
        }
    }
}
