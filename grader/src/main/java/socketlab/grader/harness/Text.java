package socketlab.grader.harness;

import java.nio.charset.StandardCharsets;

/** Shows bytes and strings in feedback: quoted, escaped, cut to a readable length. */
public final class Text {

    private static final int MAX_SHOWN = 120;

    private Text() {}

    /** {@code "hello\n"} with escapes, cut after {@value #MAX_SHOWN} characters. */
    public static String quote(String s) {
        if (s == null) {
            return "nothing";
        }
        StringBuilder out = new StringBuilder("\"");
        int shown = Math.min(s.length(), MAX_SHOWN);
        for (int i = 0; i < shown; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '"' -> out.append("\\\"");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
        if (s.length() > shown) {
            out.append("… (").append(s.length()).append(" characters)");
        }
        return out.toString();
    }

    /** Quoted UTF-8 text with its size, e.g. {@code "hello" (5 bytes)}. */
    public static String bytes(byte[] data, int length) {
        return quote(new String(data, 0, length, StandardCharsets.UTF_8)) + " (" + length
                + (length == 1 ? " byte)" : " bytes)");
    }

    public static String bytes(byte[] data) {
        return bytes(data, data.length);
    }
}
