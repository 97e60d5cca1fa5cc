package socketlab.grader.agent;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The one channel between the test JVM and a student's JVM: length-prefixed frames over a loopback
 * connection, each holding one message. Both sides read it defensively: every length is checked
 * against a limit before anything is allocated, and a frame that does not parse is a
 * {@link ProtocolException}, never a crash.
 */
public final class Wire {

    /** The largest frame either side accepts (a 1 MB transfer's bytes fit many times over). */
    public static final int MAX_FRAME = 32 * 1024 * 1024;
    /** The most elements a list, the most frames a stack trace, the deepest nesting a value may have. */
    public static final int MAX_ELEMENTS = 1_000_000;

    public static final int MAX_STACK_FRAMES = 64;
    public static final int MAX_DEPTH = 8;
    /** The longest text kept of an exception's message. */
    public static final int MAX_MESSAGE_CHARS = 16 * 1024;

    // Messages from the test JVM to the agent.
    public static final byte NEW = 1;
    public static final byte CALL = 2;
    public static final byte CALLBACK_DONE = 3;
    public static final byte DESCRIBE_THREADS = 4;
    // Messages from the agent to the test JVM.
    public static final byte HELLO = 10;
    public static final byte RESULT = 11;
    public static final byte THROWN = 12;
    public static final byte CALLBACK = 13;
    public static final byte THREAD_DIED = 14;

    private Wire() {}

    /** A message that breaks the protocol: the peer is broken or hostile. */
    public static final class ProtocolException extends IOException {
        public ProtocolException(String message) {
            super(message);
        }
    }

    /** Reads one frame's bytes, or throws EOFException at a clean end of stream. */
    public static byte[] readFrame(DataInputStream in) throws IOException {
        int length;
        try {
            length = in.readInt();
        } catch (EOFException e) {
            throw e;
        }
        if (length <= 0 || length > MAX_FRAME) {
            throw new ProtocolException("a frame of " + length + " bytes (the limit is " + MAX_FRAME + ")");
        }
        byte[] frame = new byte[length];
        in.readFully(frame);
        return frame;
    }

    /** Writes one frame; callers hold the stream's lock so frames never interleave. */
    public static void writeFrame(OutputStream out, byte[] frame) throws IOException {
        if (frame.length > MAX_FRAME) {
            throw new ProtocolException(
                    "a message of " + frame.length + " bytes is larger than the channel carries (" + MAX_FRAME + ")");
        }
        DataOutputStream data = new DataOutputStream(out);
        data.writeInt(frame.length);
        data.write(frame);
        data.flush();
    }

    /** A frame being built. */
    public static final class Writer {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        public final DataOutputStream out = new DataOutputStream(bytes);

        public Writer(byte kind) throws IOException {
            out.writeByte(kind);
        }

        public byte[] bytes() {
            return bytes.toByteArray();
        }
    }

    /** A frame being read: every read is bounded by what the frame holds. */
    public static final class Reader {
        public final DataInputStream in;
        private final int size;

        public Reader(byte[] frame) {
            this.in = new DataInputStream(new ByteArrayInputStream(frame));
            this.size = frame.length;
        }

        public byte kind() throws IOException {
            return in.readByte();
        }

        /** A length that must fit both {@code max} and what is left of the frame. */
        public int length(int max) throws IOException {
            int n = in.readInt();
            if (n < 0 || n > max || n > size) {
                throw new ProtocolException("a length of " + n + " where at most " + Math.min(max, size) + " fits");
            }
            return n;
        }

        public String string() throws IOException {
            byte[] utf8 = new byte[length(MAX_FRAME)];
            in.readFully(utf8);
            return new String(utf8, StandardCharsets.UTF_8);
        }

        /** A string or null. */
        public String nullableString() throws IOException {
            return in.readBoolean() ? string() : null;
        }

        public void end() throws IOException {
            if (in.available() != 0) {
                throw new ProtocolException(in.available() + " bytes left over at the end of a message");
            }
        }
    }

    public static void string(DataOutputStream out, String s) throws IOException {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    public static void nullableString(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            string(out, s);
        }
    }

    /** Reads up to {@code max} bytes of a line (the agent's start-up line on stdin). */
    public static String readLine(InputStream in, int max) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (line.length() >= max) {
                throw new ProtocolException("a start-up line longer than " + max + " characters");
            }
            line.append((char) c);
        }
        return line.toString();
    }
}
