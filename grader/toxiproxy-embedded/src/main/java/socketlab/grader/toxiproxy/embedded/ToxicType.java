package socketlab.grader.toxiproxy.embedded;

import java.util.List;
import java.util.function.Supplier;

/** The toxic types Toxiproxy 2.12 registers, with their attribute names (all integers) and behaviour. */
enum ToxicType {
    NOOP("noop", List.of(), NoopToxic::new),
    LATENCY("latency", List.of("latency", "jitter"), LatencyToxic::new),
    BANDWIDTH("bandwidth", List.of("rate"), BandwidthToxic::new),
    SLOW_CLOSE("slow_close", List.of("delay"), SlowCloseToxic::new),
    TIMEOUT("timeout", List.of("timeout"), TimeoutToxic::new),
    RESET_PEER("reset_peer", List.of("timeout"), ResetPeerToxic::new),
    SLICER("slicer", List.of("average_size", "size_variation", "delay"), SlicerToxic::new),
    LIMIT_DATA("limit_data", List.of("bytes"), LimitDataToxic::new);

    private final String wireName;
    private final List<String> attributes;
    private final Supplier<ToxicBehavior> behavior;

    ToxicType(String wireName, List<String> attributes, Supplier<ToxicBehavior> behavior) {
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

    /** What a toxic of this type does to one stream, with fresh state for that stream. */
    ToxicBehavior forStream() {
        return behavior.get();
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
