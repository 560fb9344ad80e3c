package com.valorwell.calendar.emulator;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Locale;
import java.util.Map;

/**
 * A request the emulator received for an emulated operation, as tests inspect it.
 *
 * @param operation the operation name (see {@link Fault#OPERATIONS}), or {@code "unrouted"}
 * @param method    the effective method (after {@code X-HTTP-Method-Override}; the header itself is kept)
 * @param path      the raw (still percent-encoded) path
 * @param query     the raw query string, or null
 * @param headers   header names in lower case; values of repeated headers joined with ", ";
 *                  the {@code Authorization} value is masked as {@code "Bearer ***"} / {@code "Basic ***"}
 * @param body      the body as UTF-8 text after gunzipping
 * @param status    the status answered; null while the call is still in progress, 0 if the connection
 *                  was dropped without an answer
 */
public record CapturedRequest(String operation, String method, String path, String query,
                              Map<String, String> headers, String body, Integer status) {

    /** Convenience: the header's value by case-insensitive name, or null. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    JsonObject toJson() {
        return Jsons.obj(
                "operation", operation,
                "method", method,
                "path", path,
                "query", query == null ? JsonValue.NULL : query,
                "headers", headers,
                "body", body,
                "status", status == null ? JsonValue.NULL : status);
    }
}
