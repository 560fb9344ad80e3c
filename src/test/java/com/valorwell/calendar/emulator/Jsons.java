package com.valorwell.calendar.emulator;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * JSON-P helpers shared by the emulator: parsing request bodies, reading optional members without
 * type juggling at every call site, building objects that simply skip absent values, and formatting
 * timestamps the way Google formats them.
 */
final class Jsons {

    /** Google's {@code created}/{@code updated} fields carry milliseconds; free/busy times do not. */
    private static final DateTimeFormatter MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Jsons() {
    }

    /** Parses a JSON object, or throws {@link IllegalArgumentException} saying why the text is not one. */
    static JsonObject parseObject(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("the body is empty, a JSON object was expected");
        }
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new IllegalArgumentException("the body is not a JSON object");
            }
            return value.asJsonObject();
        } catch (JsonException e) {
            throw new IllegalArgumentException("malformed JSON: " + e.getMessage(), e);
        }
    }

    /** True when the member exists and is not JSON {@code null}. */
    static boolean has(JsonObject o, String name) {
        JsonValue v = o.get(name);
        return v != null && v.getValueType() != JsonValue.ValueType.NULL;
    }

    /** A string member, also accepting a number written without quotes (e.g. {@code "retryAfter": 30}). */
    static String text(JsonObject o, String name) {
        JsonValue v = o.get(name);
        if (v instanceof JsonString s) {
            return s.getString();
        }
        if (v instanceof JsonNumber n) {
            return n.toString();
        }
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        throw new IllegalArgumentException("'" + name + "' must be a string");
    }

    static Long longValue(JsonObject o, String name) {
        JsonValue v = o.get(name);
        if (v instanceof JsonNumber n) {
            return n.longValueExact();
        }
        if (v instanceof JsonString s) {
            try {
                return Long.parseLong(s.getString().trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + name + "' must be a number");
            }
        }
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        throw new IllegalArgumentException("'" + name + "' must be a number");
    }

    static Integer intValue(JsonObject o, String name) {
        Long l = longValue(o, name);
        return l == null ? null : Math.toIntExact(l);
    }

    static Boolean bool(JsonObject o, String name) {
        JsonValue v = o.get(name);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (v == JsonValue.TRUE) {
            return true;
        }
        if (v == JsonValue.FALSE) {
            return false;
        }
        throw new IllegalArgumentException("'" + name + "' must be true or false");
    }

    static boolean bool(JsonObject o, String name, boolean otherwise) {
        Boolean b = bool(o, name);
        return b == null ? otherwise : b;
    }

    /** A list of strings, or null when the member is absent or JSON null. */
    static List<String> strings(JsonObject o, String name) {
        JsonValue v = o.get(name);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (v.getValueType() != JsonValue.ValueType.ARRAY) {
            throw new IllegalArgumentException("'" + name + "' must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonValue item : v.asJsonArray()) {
            if (!(item instanceof JsonString s)) {
                throw new IllegalArgumentException("'" + name + "' must be an array of strings");
            }
            out.add(s.getString());
        }
        return out;
    }

    /** An array of objects, empty when absent. */
    static List<JsonObject> objects(JsonObject o, String name) {
        JsonValue v = o.get(name);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return List.of();
        }
        if (v.getValueType() != JsonValue.ValueType.ARRAY) {
            throw new IllegalArgumentException("'" + name + "' must be an array of objects");
        }
        List<JsonObject> out = new ArrayList<>();
        for (JsonValue item : v.asJsonArray()) {
            if (item.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new IllegalArgumentException("'" + name + "' must be an array of objects");
            }
            out.add(item.asJsonObject());
        }
        return out;
    }

    static JsonObject object(JsonObject o, String name) {
        JsonValue v = o.get(name);
        return v != null && v.getValueType() == JsonValue.ValueType.OBJECT ? v.asJsonObject() : null;
    }

    /**
     * Builds an object from name/value pairs, skipping pairs whose value is null. Values may be
     * strings, numbers, booleans, JSON-P values, maps, or collections of those.
     */
    static JsonObject obj(Object... namesAndValues) {
        JsonObjectBuilder b = Json.createObjectBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            Object value = namesAndValues[i + 1];
            if (value != null) {
                b.add((String) namesAndValues[i], value(value));
            }
        }
        return b.build();
    }

    static JsonArray array(Collection<?> items) {
        JsonArrayBuilder b = Json.createArrayBuilder();
        for (Object item : items) {
            b.add(value(item));
        }
        return b.build();
    }

    static JsonValue value(Object value) {
        if (value == null) {
            return JsonValue.NULL;
        }
        if (value instanceof JsonValue v) {
            return v;
        }
        if (value instanceof String s) {
            return Json.createValue(s);
        }
        if (value instanceof Boolean b) {
            return b ? JsonValue.TRUE : JsonValue.FALSE;
        }
        if (value instanceof Integer || value instanceof Long) {
            return Json.createValue(((Number) value).longValue());
        }
        if (value instanceof Number n) {
            return Json.createValue(n.doubleValue());
        }
        if (value instanceof Map<?, ?> map) {
            JsonObjectBuilder b = Json.createObjectBuilder();
            map.forEach((k, v) -> {
                if (v != null) {
                    b.add(String.valueOf(k), value(v));
                }
            });
            return b.build();
        }
        if (value instanceof Collection<?> c) {
            return array(c);
        }
        throw new IllegalArgumentException("cannot write " + value.getClass() + " as JSON");
    }

    /** RFC 3339 in UTC with a {@code Z}, without fractional seconds when there are none: {@code 2026-11-25T10:00:00Z}. */
    static String rfc3339(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    /** RFC 3339 in UTC with milliseconds, as Google writes {@code created} and {@code updated}. */
    static String rfc3339Millis(Instant instant) {
        return MILLIS.format(instant);
    }
}
