package socketlab.grader.toxiproxy.embedded;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** Renders API answers in Toxiproxy's JSON shapes (field order and number formats as Go prints them). */
final class ApiJson {
    private static final Gson GSON =
            new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

    private ApiJson() {}

    static String write(JsonElement element) {
        return GSON.toJson(element);
    }

    static JsonObject toxic(ToxicDefinition toxic) {
        JsonObject attributes = new JsonObject();
        for (Map.Entry<String, Long> attribute : toxic.attributes().entrySet()) {
            attributes.addProperty(attribute.getKey(), attribute.getValue());
        }
        JsonObject json = new JsonObject();
        json.add("attributes", attributes);
        json.addProperty("name", toxic.name());
        json.addProperty("type", toxic.type().wireName());
        json.addProperty("stream", toxic.stream());
        json.add("toxicity", float32(toxic.toxicity()));
        return json;
    }

    static JsonArray toxics(List<ToxicDefinition> toxics) {
        JsonArray array = new JsonArray();
        toxics.forEach(t -> array.add(toxic(t)));
        return array;
    }

    static JsonObject proxy(
            String name, String listen, String upstream, boolean enabled, List<ToxicDefinition> toxics) {
        JsonObject json = new JsonObject();
        json.addProperty("name", name);
        json.addProperty("listen", listen);
        json.addProperty("upstream", upstream);
        json.addProperty("enabled", enabled);
        json.add("Logger", new JsonObject()); // Toxiproxy marshals its proxy's zerolog.Logger field, as {}
        json.add("toxics", toxics(toxics));
        return json;
    }

    static JsonObject error(ApiError error) {
        JsonObject json = new JsonObject();
        json.addProperty("error", error.getMessage());
        json.addProperty("status", error.status());
        return json;
    }

    /** Go prints float32 1 as "1" and 0.5 as "0.5"; Gson would print "1.0". */
    private static JsonPrimitive float32(float value) {
        if (Float.isNaN(value) || Float.isInfinite(value)) {
            return new JsonPrimitive(0);
        }
        return new JsonPrimitive(new BigDecimal(Float.toString(value)).stripTrailingZeros());
    }
}
