package socketlab.grader.toxiproxy.embedded;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A toxic as configured through the API. Immutable: an update yields a new definition with the same id and a
 * higher version. The id tells a toxic from another of the same name added after it was removed.
 */
final class ToxicDefinition {
    private final String name;
    private final ToxicType type;
    private final String stream;
    private final Direction direction;
    private final float toxicity;
    private final Map<String, Long> attributes;
    private final long id;
    private final long version;

    ToxicDefinition(
            String name,
            ToxicType type,
            String stream,
            Direction direction,
            float toxicity,
            Map<String, Long> attributes,
            long id,
            long version) {
        this.name = name;
        this.type = type;
        this.stream = stream;
        this.direction = direction;
        this.toxicity = toxicity;
        Map<String, Long> ordered = new LinkedHashMap<>();
        for (String attribute : type.attributes()) {
            ordered.put(attribute, attributes.getOrDefault(attribute, 0L));
        }
        this.attributes = Collections.unmodifiableMap(ordered);
        this.id = id;
        this.version = version;
    }

    String name() {
        return name;
    }

    ToxicType type() {
        return type;
    }

    /** The stream name exactly as the client wrote it (Toxiproxy echoes it back). */
    String stream() {
        return stream;
    }

    Direction direction() {
        return direction;
    }

    float toxicity() {
        return toxicity;
    }

    Map<String, Long> attributes() {
        return attributes;
    }

    long attribute(String attribute) {
        return attributes.getOrDefault(attribute, 0L);
    }

    long id() {
        return id;
    }

    long version() {
        return version;
    }

    ToxicDefinition updated(Map<String, Long> newAttributes, float newToxicity, long newVersion) {
        return new ToxicDefinition(name, type, stream, direction, newToxicity, newAttributes, id, newVersion);
    }
}
