package com.valorwell.calendar.platform.json;

import com.valorwell.calendar.platform.problem.ApiException;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;

/**
 * Reads JSON request bodies into the API's request records, strictly: malformed JSON is
 * {@code invalid_json}, a field of the wrong type or failing its Bean Validation
 * constraint is {@code invalid_request} naming the field, unknown fields are ignored,
 * and an empty body reads as {@code {}}. JSON names are the snake_case of the components.
 */
@Provider
@Consumes({MediaType.APPLICATION_JSON, "application/*+json", MediaType.WILDCARD})
public class RecordBodyReader implements MessageBodyReader<Record> {

    private static final int MAX_BODY_BYTES = 64 * 1024;
    private static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();
    /** Looked up once: Json.createReader would search the class path for a provider on every request. */
    private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type.isRecord();
    }

    @Override
    public Record readFrom(Class<Record> type, Type genericType, Annotation[] annotations, MediaType mediaType,
            MultivaluedMap<String, String> httpHeaders, InputStream entityStream) throws IOException {
        byte[] bytes = entityStream.readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
            throw new ApiException(413, "payload_too_large", "The request body is too large.");
        }
        JsonObject json = parse(bytes);
        Record value = construct(type, json);
        var violations = VALIDATOR.validate(value);
        if (!violations.isEmpty()) {
            ConstraintViolation<Record> first = violations.stream()
                    .min(Comparator.comparing(v -> v.getPropertyPath().toString())).orElseThrow();
            throw ApiException.invalidRequest(JsonNames.jsonName(first.getPropertyPath().toString()),
                    first.getMessage());
        }
        return value;
    }

    private static JsonObject parse(byte[] bytes) {
        if (new String(bytes, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
        try (JsonReader reader = READERS.createReader(new ByteArrayInputStream(bytes))) {
            JsonStructure structure = reader.read();
            if (!(structure instanceof JsonObject object)) {
                throw ApiException.badRequest("invalid_request", "The request body must be a JSON object.");
            }
            return object;
        } catch (jakarta.json.JsonException e) {
            throw ApiException.badRequest("invalid_json", "The request body is not valid JSON.");
        }
    }

    private static Record construct(Class<Record> type, JsonObject json) {
        RecordComponent[] components = type.getRecordComponents();
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            String name = JsonNames.jsonName(components[i].getName());
            JsonValue value = json.get(name);
            args[i] = (value == null || value.getValueType() == JsonValue.ValueType.NULL)
                    ? null : convert(name, components[i].getType(), value);
        }
        try {
            Constructor<Record> constructor = type.getDeclaredConstructor(
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
            return constructor.newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof ApiException api) {
                throw api;
            }
            throw new IllegalStateException("Cannot build " + type.getSimpleName(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot build " + type.getSimpleName(), e);
        }
    }

    private static Object convert(String name, Class<?> target, JsonValue value) {
        if (target == String.class) {
            return string(name, value, "a string");
        }
        if (target == UUID.class) {
            String s = string(name, value, "a UUID");
            try {
                UUID uuid = UUID.fromString(s);
                if (!uuid.toString().equalsIgnoreCase(s)) {
                    throw new IllegalArgumentException();
                }
                return uuid;
            } catch (IllegalArgumentException e) {
                throw ApiException.invalidRequest(name, "must be a UUID");
            }
        }
        if (target == OffsetDateTime.class) {
            String s = string(name, value, "an RFC 3339 date-time with offset");
            try {
                return OffsetDateTime.parse(s);
            } catch (DateTimeParseException e) {
                throw ApiException.invalidRequest(name, "must be an RFC 3339 date-time with offset");
            }
        }
        if (target == Integer.class || target == int.class) {
            if (value instanceof JsonNumber n && n.isIntegral()) {
                try {
                    return n.intValueExact();
                } catch (ArithmeticException e) {
                    throw ApiException.invalidRequest(name, "is out of range");
                }
            }
            throw ApiException.invalidRequest(name, "must be an integer");
        }
        if (target == Boolean.class || target == boolean.class) {
            if (value == JsonValue.TRUE || value == JsonValue.FALSE) {
                return value == JsonValue.TRUE;
            }
            throw ApiException.invalidRequest(name, "must be true or false");
        }
        throw new IllegalStateException("No JSON mapping for " + target);
    }

    private static String string(String name, JsonValue value, String expected) {
        if (value instanceof JsonString s) {
            return s.getString();
        }
        throw ApiException.invalidRequest(name, "must be " + expected);
    }
}
