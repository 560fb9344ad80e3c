package com.valorwell.calendar.platform.problem;

import jakarta.json.spi.JsonProvider;
import jakarta.json.JsonObject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.UUID;

/**
 * RFC 9457 problem details, the one shape of every error the service answers. The
 * {@code instance} id is also logged so an operator can find the log line of a 5xx.
 */
public final class Problem {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final MediaType PROBLEM_JSON = MediaType.valueOf(MEDIA_TYPE);
    /** Looked up once: Json.createObjectBuilder would search the class path for a provider on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    private static final Map<Integer, String> TITLES = Map.ofEntries(
            Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"),
            Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"), Map.entry(406, "Not Acceptable"),
            Map.entry(409, "Conflict"), Map.entry(413, "Content Too Large"),
            Map.entry(415, "Unsupported Media Type"), Map.entry(429, "Too Many Requests"),
            Map.entry(500, "Internal Server Error"), Map.entry(503, "Service Unavailable"));

    private Problem() {
    }

    public static String title(int status) {
        return TITLES.getOrDefault(status, status >= 500 ? "Server Error" : "Request Error");
    }

    /** Default code for an HTTP status when no business code applies. */
    public static String codeFor(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 413 -> "payload_too_large";
            case 415 -> "unsupported_media_type";
            case 429 -> "rate_limited";
            case 503 -> "service_unavailable";
            default -> status >= 500 ? "internal_error" : "request_error";
        };
    }

    /** The detail of a problem that has no business code: what the caller can act on, nothing of the cause. */
    public static String detailFor(int status, String instance) {
        return switch (status) {
            case 401 -> "A valid bearer token is required.";
            case 403 -> "Not permitted.";
            case 404 -> "No such resource.";
            case 405 -> "This method is not allowed here.";
            case 406 -> "The service answers application/json only.";
            case 415 -> "The request body must be application/json.";
            case 500 -> "The request could not be completed; the failure was logged as " + instance + ".";
            default -> title(status) + ".";
        };
    }

    public static JsonObject body(int status, String code, String detail, String instance) {
        return JSON.createObjectBuilder()
                .add("type", "about:blank")
                .add("title", title(status))
                .add("status", status)
                .add("detail", detail)
                .add("code", code)
                .add("instance", instance)
                .build();
    }

    public static String newInstance() {
        return "urn:uuid:" + UUID.randomUUID();
    }

    public static Response response(int status, String code, String detail) {
        return response(status, code, detail, newInstance());
    }

    public static Response response(int status, String code, String detail, String instance) {
        return Response.status(status)
                .type(PROBLEM_JSON)
                .entity(body(status, code, detail, instance).toString())
                .build();
    }
}
