package com.valorwell.calendar.emulator;

import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An HTTP answer prepared by an endpoint. Endpoints return it instead of writing to the exchange so
 * that the dispatcher can still delay it, replace it with an injected error, or drop the connection
 * after the operation took effect (fault injection needs all three).
 */
final class Response {

    /** Google's Calendar API writes the charset in upper case. */
    static final String JSON = "application/json; charset=UTF-8";
    /** Google's token endpoint writes it in lower case. */
    static final String OAUTH_JSON = "application/json; charset=utf-8";
    static final String HTML = "text/html; charset=UTF-8";
    static final String TEXT = "text/plain; charset=UTF-8";

    final int status;
    final String contentType;
    final byte[] body;
    final Map<String, String> headers = new LinkedHashMap<>();

    private Response(int status, String contentType, byte[] body) {
        this.status = status;
        this.contentType = contentType;
        this.body = body;
    }

    static Response json(int status, JsonValue value) {
        return new Response(status, JSON, value.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Token endpoint answers: Google marks them uncacheable. */
    static Response oauthJson(int status, JsonValue value) {
        return new Response(status, OAUTH_JSON, value.toString().getBytes(StandardCharsets.UTF_8))
                .header("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate")
                .header("Pragma", "no-cache");
    }

    static Response html(int status, String html) {
        return new Response(status, HTML, html.getBytes(StandardCharsets.UTF_8));
    }

    static Response text(int status, String text) {
        return new Response(status, TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    static Response redirect(String location) {
        return new Response(302, null, new byte[0]).header("Location", location);
    }

    static Response noContent() {
        return new Response(204, null, new byte[0]);
    }

    Response header(String name, String value) {
        headers.put(name, value);
        return this;
    }
}
