package socketlab.grader.toxiproxy.embedded;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.StringReader;
import java.util.regex.Pattern;

/**
 * Reads request bodies the way Toxiproxy's Go decoder does: one strict JSON value, absent or null fields keep
 * their defaults, fields of the wrong JSON kind are a "bad request body". Messages mimic encoding/json's.
 */
final class JsonBody {
    private static final Gson GSON = new Gson();
    private static final Pattern INTEGER = Pattern.compile("-?(0|[1-9][0-9]*)");

    private JsonBody() {}

    static JsonObject object(String body, String goType) {
        JsonElement element = parse(body);
        if (!element.isJsonObject()) {
            throw ApiError.badRequestBody(
                    "json: cannot unmarshal " + kind(element) + " into Go value of type " + goType);
        }
        return element.getAsJsonObject();
    }

    static JsonArray array(String body, String goType) {
        JsonElement element = parse(body);
        if (!element.isJsonArray()) {
            throw ApiError.badRequestBody(
                    "json: cannot unmarshal " + kind(element) + " into Go value of type " + goType);
        }
        return element.getAsJsonArray();
    }

    private static JsonElement parse(String body) {
        try {
            JsonReader reader = new JsonReader(new StringReader(body));
            reader.setStrictness(Strictness.STRICT);
            return GSON.getAdapter(JsonElement.class).read(reader);
        } catch (EOFException e) {
            throw ApiError.badRequestBody(body.isBlank() ? "EOF" : "unexpected EOF");
        } catch (IOException | RuntimeException e) {
            throw ApiError.badRequestBody("invalid JSON" + position(e.getMessage()));
        }
    }

    /** Keeps Gson's " at line L column C" and drops its advice, which names Gson API calls. */
    private static String position(String message) {
        if (message == null) {
            return "";
        }
        int at = message.indexOf(" at line ");
        if (at < 0) {
            return "";
        }
        int path = message.indexOf(" path ", at);
        return message.substring(at, path < 0 ? message.length() : path);
    }

    /** A string field, or null when absent or JSON null. */
    static String string(JsonObject object, String field, String goField) {
        JsonElement value = present(object, field);
        if (value == null) {
            return null;
        }
        if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) {
            return value.getAsString();
        }
        throw mismatch(value, goField, "string");
    }

    static Boolean bool(JsonObject object, String field, String goField) {
        JsonElement value = present(object, field);
        if (value == null) {
            return null;
        }
        if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isBoolean()) {
            return value.getAsBoolean();
        }
        throw mismatch(value, goField, "bool");
    }

    static Float float32(JsonObject object, String field, String goField) {
        JsonElement value = present(object, field);
        if (value == null) {
            return null;
        }
        if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber()) {
            return value.getAsFloat();
        }
        throw mismatch(value, goField, "float32");
    }

    static Long int64(JsonObject object, String field, String goField) {
        return integer(object, field, goField, "int64");
    }

    /** An integer field that Go decodes into {@code goType} (int64, or int, which is 64 bits on Toxiproxy's builds). */
    static Long integer(JsonObject object, String field, String goField, String goType) {
        JsonElement value = present(object, field);
        if (value == null) {
            return null;
        }
        if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber()) {
            String text = value.getAsString();
            if (INTEGER.matcher(text).matches()) {
                try {
                    return Long.parseLong(text);
                } catch (NumberFormatException tooLarge) {
                    // falls through to the mismatch below, as Go reports an out-of-range number
                }
            }
            throw ApiError.badRequestBody("json: cannot unmarshal number " + text + " into Go struct field " + goField
                    + " of type " + goType);
        }
        throw mismatch(value, goField, goType);
    }

    /** A nested object, or null when absent or JSON null. */
    static JsonObject object(JsonObject object, String field, String goField) {
        return object(object, field, goField, "struct");
    }

    /** A nested object that Go decodes into {@code goType}, or null when absent or JSON null. */
    static JsonObject object(JsonObject object, String field, String goField, String goType) {
        JsonElement value = present(object, field);
        if (value == null) {
            return null;
        }
        if (value.isJsonObject()) {
            return value.getAsJsonObject();
        }
        throw mismatch(value, goField, goType);
    }

    private static JsonElement present(JsonObject object, String field) {
        JsonElement value = object.get(field);
        return value == null || value.isJsonNull() ? null : value;
    }

    private static ApiError mismatch(JsonElement value, String goField, String goType) {
        return ApiError.badRequestBody(
                "json: cannot unmarshal " + kind(value) + " into Go struct field " + goField + " of type " + goType);
    }

    /** encoding/json's name for a JSON value's kind: object, array, null, bool, number or string. */
    static String kind(JsonElement element) {
        if (element.isJsonObject()) {
            return "object";
        }
        if (element.isJsonArray()) {
            return "array";
        }
        if (element.isJsonNull()) {
            return "null";
        }
        JsonPrimitive primitive = element.getAsJsonPrimitive();
        if (primitive.isBoolean()) {
            return "bool";
        }
        return primitive.isNumber() ? "number" : "string";
    }
}
