package socketlab.grader.toxiproxy.embedded;

import java.util.Locale;

/** Which way data flows through a proxy: upstream is client to server, downstream is server to client. */
enum Direction {
    UPSTREAM("upstream"),
    DOWNSTREAM("downstream");

    private final String wireName;

    Direction(String wireName) {
        this.wireName = wireName;
    }

    String wireName() {
        return wireName;
    }

    /** Parses a stream name the way Toxiproxy does (case-insensitive); null if it is neither direction. */
    static Direction parse(String stream) {
        String lower = stream.toLowerCase(Locale.ROOT);
        for (Direction d : values()) {
            if (d.wireName.equals(lower)) {
                return d;
            }
        }
        return null;
    }
}
