package socketlab.grader.wire;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Short diagram labels for payloads the kit's protocols carry: {@code GET /index.html}, {@code PING 4}, a quoted line.
 */
public final class Labels {

    private static final Pattern REQUEST = Pattern.compile("^(GET|HEAD|POST|PUT|DELETE) (\\S{1,40})");
    private static final Pattern STATUS = Pattern.compile("^(HTTP/1\\.[01] \\d{3}[^\\r\\n]{0,20})");
    private static final Pattern PING = Pattern.compile("^(PING \\d+)");
    private static final int SHOWN = 24;

    private Labels() {}

    public static String of(byte[] payload) {
        return of(payload, payload.length);
    }

    public static String of(byte[] payload, int length) {
        String text = new String(payload, 0, Math.min(length, 200), StandardCharsets.UTF_8);
        for (Pattern known : new Pattern[] {REQUEST, STATUS, PING}) {
            Matcher m = known.matcher(text);
            if (m.find()) {
                return m.group(0).strip();
            }
        }
        boolean printable = text.chars().allMatch(c -> c >= 0x20 && c != 0x7f || c == '\n' || c == '\r' || c == '\t');
        if (!printable || text.isEmpty()) {
            return length + " B";
        }
        String shown = text.replace("\r", "\\r").replace("\n", "\\n");
        return "\"" + (shown.length() > SHOWN ? shown.substring(0, SHOWN - 1) + "…" : shown) + "\""
                + (length > SHOWN ? " (" + length + " B)" : "");
    }
}
