package com.valorwell.calendar.emulator;

import com.sun.net.httpserver.HttpExchange;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * One incoming request, read completely up front: the effective method (after
 * {@code X-HTTP-Method-Override}, which Google's {@code NetHttpTransport} uses for PATCH), the decoded
 * path segments, the query, and the body already gunzipped (Google's Java client gzips request bodies).
 */
final class HttpCall {

    /** Bodies beyond this are refused; nothing the emulated APIs accept comes close. */
    private static final int MAX_BODY_BYTES = 8 * 1024 * 1024;

    final HttpExchange exchange;
    final String rawMethod;
    final String method;
    final String rawPath;
    final List<String> segments;
    final String rawQuery;
    final Map<String, List<String>> query;
    final byte[] body;
    /** True when the body claimed gzip but could not be inflated; JSON access then fails as a parse error. */
    final boolean bodyMalformed;
    private Map<String, List<String>> form;

    private HttpCall(HttpExchange exchange, byte[] body, boolean bodyMalformed) {
        this.exchange = exchange;
        this.rawMethod = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        String override = exchange.getRequestHeaders().getFirst("X-HTTP-Method-Override");
        this.method = override != null && !override.isBlank() ? override.trim().toUpperCase(Locale.ROOT) : rawMethod;
        this.rawPath = exchange.getRequestURI().getRawPath();
        this.segments = pathSegments(rawPath);
        this.rawQuery = exchange.getRequestURI().getRawQuery();
        this.query = parseForm(rawQuery);
        this.body = body;
        this.bodyMalformed = bodyMalformed;
    }

    static HttpCall read(HttpExchange exchange) throws IOException {
        byte[] raw;
        try (InputStream in = exchange.getRequestBody()) {
            raw = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (raw.length > MAX_BODY_BYTES) {
            return new HttpCall(exchange, new byte[0], true);
        }
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        if (encoding != null && raw.length > 0
                && (encoding.trim().equalsIgnoreCase("gzip") || encoding.trim().equalsIgnoreCase("x-gzip"))) {
            try (InputStream gz = new GZIPInputStream(new ByteArrayInputStream(raw))) {
                byte[] inflated = gz.readNBytes(MAX_BODY_BYTES + 1);
                if (inflated.length > MAX_BODY_BYTES) {
                    return new HttpCall(exchange, new byte[0], true);
                }
                return new HttpCall(exchange, inflated, false);
            } catch (IOException e) {
                return new HttpCall(exchange, raw, true);
            }
        }
        return new HttpCall(exchange, raw, false);
    }

    String header(String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }

    /** First value of a query parameter, or null. */
    String param(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body as {@code application/x-www-form-urlencoded} fields. */
    synchronized Map<String, List<String>> form() {
        if (form == null) {
            form = parseForm(bodyMalformed ? "" : bodyText());
        }
        return form;
    }

    String formField(String name) {
        List<String> values = form().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The body as a JSON object; a malformed body is Google's 400 {@code parseError}. */
    JsonObject jsonBody() {
        if (bodyMalformed) {
            throw GoogleErrors.parseError();
        }
        try {
            return Jsons.parseObject(bodyText());
        } catch (IllegalArgumentException e) {
            throw GoogleErrors.parseError();
        }
    }

    /** Parses {@code a=1&b=2} (query strings and form bodies alike); keeps order and repeated names. */
    static Map<String, List<String>> parseForm(String encoded) {
        if (encoded == null || encoded.isEmpty()) {
            return Collections.emptyMap();
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decodeForm(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decodeForm(pair.substring(eq + 1));
            out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return out;
    }

    private static String decodeForm(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    /** Splits and percent-decodes the path; a literal '+' in a path is a plus, not a space. */
    private static List<String> pathSegments(String rawPath) {
        List<String> out = new ArrayList<>();
        if (rawPath == null) {
            return out;
        }
        for (String segment : rawPath.split("/")) {
            if (!segment.isEmpty()) {
                out.add(decodeForm(segment.replace("+", "%2B")));
            }
        }
        return out;
    }
}
