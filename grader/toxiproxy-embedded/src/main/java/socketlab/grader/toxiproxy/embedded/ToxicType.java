package socketlab.grader.toxiproxy.embedded;

import java.util.List;

/** The toxic types Toxiproxy 2.12 registers, with their attribute names (all integers) and behaviour. */
enum ToxicType {
    NOOP("noop", List.of(), new NoopToxic()),
    LATENCY("latency", List.of("latency", "jitter"), new LatencyToxic()),
    BANDWIDTH("bandwidth", List.of("rate"), new BandwidthToxic()),
    SLOW_CLOSE("slow_close", List.of("delay"), new SlowCloseToxic()),
    TIMEOUT("timeout", List.of("timeout"), new TimeoutToxic()),
    RESET_PEER("reset_peer", List.of("timeout"), new ResetPeerToxic()),
    SLICER("slicer", List.of("average_size", "size_variation", "delay"), new SlicerToxic()),
    LIMIT_DATA("limit_data", List.of("bytes"), new LimitDataToxic());

    private final String wireName;
    private final List<String> attributes;
    private final ToxicBehavior behavior;

    ToxicType(String wireName, List<String> attributes, ToxicBehavior behavior) {
        this.wireName = wireName;
        this.attributes = attributes;
        this.behavior = behavior;
    }

    String wireName() {
        return wireName;
    }

    List<String> attributes() {
        return attributes;
    }

    ToxicBehavior behavior() {
        return behavior;
    }

    /** The Go type of the toxic's attributes: the slicer's are {@code int}, every other toxic's {@code int64}. */
    String goIntegerType() {
        return this == SLICER ? "int" : "int64";
    }

    /** The type registered under this name, or null (Toxiproxy: "invalid toxic type"). */
    static ToxicType byWireName(String name) {
        for (ToxicType t : values()) {
            if (t.wireName.equals(name)) {
                return t;
            }
        }
        return null;
    }
}
