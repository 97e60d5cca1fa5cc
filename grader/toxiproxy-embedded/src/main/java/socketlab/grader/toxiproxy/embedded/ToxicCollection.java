package socketlab.grader.toxiproxy.embedded;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A proxy's toxics: one ordered chain per direction (new toxics go to the end, as in Toxiproxy), published as
 * immutable snapshots that pipes read per chunk, and the live pipes to notify of changes.
 */
final class ToxicCollection {
    private static final AtomicLong VERSIONS = new AtomicLong();

    private volatile List<ToxicDefinition> upstream = List.of();
    private volatile List<ToxicDefinition> downstream = List.of();
    private final Set<Pipe> pipes = ConcurrentHashMap.newKeySet();

    List<ToxicDefinition> chain(Direction direction) {
        return direction == Direction.UPSTREAM ? upstream : downstream;
    }

    /** All toxics, upstream chain first, as Toxiproxy lists them. */
    synchronized List<ToxicDefinition> all() {
        List<ToxicDefinition> all = new ArrayList<>(upstream);
        all.addAll(downstream);
        return all;
    }

    synchronized ToxicDefinition find(String name) {
        for (ToxicDefinition toxic : all()) {
            if (toxic.name().equals(name)) {
                return toxic;
            }
        }
        return null;
    }

    /**
     * Creates a toxic from a request body, checking in Toxiproxy's order (stream, name, type, duplicate, attributes).
     */
    synchronized ToxicDefinition add(String body) {
        JsonObject json = JsonBody.object(body, "toxics.ToxicWrapper");
        // Go decodes the wrapper first with a noop toxic in place, so that is the type it names.
        JsonBody.object(json, "attributes", "ToxicWrapper.attributes", "toxics.NoopToxic");
        String stream = orDefault(JsonBody.string(json, "stream", "ToxicWrapper.stream"), "downstream");
        String name = JsonBody.string(json, "name", "ToxicWrapper.name");
        String typeName = orDefault(JsonBody.string(json, "type", "ToxicWrapper.type"), "");
        Float toxicity = JsonBody.float32(json, "toxicity", "ToxicWrapper.toxicity");
        Direction direction = Direction.parse(stream);
        if (direction == null) {
            throw ApiError.invalidStream();
        }
        if (name == null || name.isEmpty()) {
            name = typeName + "_" + stream;
        }
        ToxicType type = ToxicType.byWireName(typeName);
        if (type == null) {
            throw ApiError.invalidToxicType();
        }
        if (find(name) != null) {
            throw ApiError.toxicAlreadyExists();
        }
        Map<String, Long> attributes =
                attributes(type, JsonBody.object(json, "attributes", "attributes"), new HashMap<>());
        ToxicLimits.check(type, attributes);
        long version = VERSIONS.incrementAndGet();
        ToxicDefinition toxic = new ToxicDefinition(
                name, type, stream, direction, toxicity == null ? 1.0f : toxicity, attributes, version, version);
        List<ToxicDefinition> before = chain(direction);
        ToxicDefinition previousLast = before.isEmpty() ? null : before.get(before.size() - 1);
        publish(direction, append(before, toxic));
        pipes.stream().filter(p -> p.direction() == direction).forEach(p -> p.toxicAdded(toxic, previousLast));
        return toxic;
    }

    /** Updates attributes and toxicity; unspecified ones keep their values (name, type and stream never change). */
    synchronized ToxicDefinition update(String name, String body) {
        ToxicDefinition current = find(name);
        if (current == null) {
            throw ApiError.toxicNotFound();
        }
        JsonObject json = JsonBody.object(body, "struct { Attributes interface {}; Toxicity float32 }");
        Map<String, Long> attributes = attributes(
                current.type(), JsonBody.object(json, "attributes", "attributes"), new HashMap<>(current.attributes()));
        ToxicLimits.check(current.type(), attributes);
        Float toxicity = JsonBody.float32(json, "toxicity", ".toxicity");
        ToxicDefinition updated = current.updated(
                attributes, toxicity == null ? current.toxicity() : toxicity, VERSIONS.incrementAndGet());
        List<ToxicDefinition> chain = new ArrayList<>(chain(current.direction()));
        chain.set(chain.indexOf(current), updated);
        publish(current.direction(), List.copyOf(chain));
        pipes.stream().filter(p -> p.direction() == updated.direction()).forEach(p -> p.toxicUpdated(updated));
        return updated;
    }

    synchronized void remove(String name) {
        ToxicDefinition toxic = find(name);
        if (toxic == null) {
            throw ApiError.toxicNotFound();
        }
        List<ToxicDefinition> chain = new ArrayList<>(chain(toxic.direction()));
        int index = chain.indexOf(toxic);
        ToxicDefinition previous = index > 0 ? chain.get(index - 1) : null;
        chain.remove(index);
        publish(toxic.direction(), List.copyOf(chain));
        pipes.stream().filter(p -> p.direction() == toxic.direction()).forEach(p -> p.toxicRemoved(toxic, previous));
    }

    synchronized void removeAll() {
        for (ToxicDefinition toxic : all()) {
            remove(toxic.name());
        }
    }

    void register(Pipe pipe) {
        pipes.add(pipe);
    }

    void unregister(Pipe pipe) {
        pipes.remove(pipe);
    }

    private static Map<String, Long> attributes(ToxicType type, JsonObject json, Map<String, Long> base) {
        if (json != null) {
            String goType = goTypeName(type);
            for (String attribute : type.attributes()) {
                Long value =
                        JsonBody.integer(json, attribute, goType + ".attributes." + attribute, type.goIntegerType());
                if (value != null) {
                    base.put(attribute, value);
                }
            }
        }
        return base;
    }

    private static String goTypeName(ToxicType type) {
        StringBuilder name = new StringBuilder();
        for (String part : type.wireName().split("_")) {
            name.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return name.append("Toxic").toString();
    }

    private void publish(Direction direction, List<ToxicDefinition> chain) {
        if (direction == Direction.UPSTREAM) {
            upstream = chain;
        } else {
            downstream = chain;
        }
    }

    private static List<ToxicDefinition> append(List<ToxicDefinition> chain, ToxicDefinition toxic) {
        List<ToxicDefinition> longer = new ArrayList<>(chain);
        longer.add(toxic);
        return List.copyOf(longer);
    }

    private static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }
}
