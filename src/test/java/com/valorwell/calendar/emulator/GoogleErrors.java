package com.valorwell.calendar.emulator;

import java.util.List;
import java.util.Map;

/**
 * The error bodies Google sends, in their two shapes: the Calendar API's
 * {@code {"error":{"code","message","errors":[...]}}} and the OAuth endpoints'
 * {@code {"error":"...","error_description":"..."}}. Keeping them in one place keeps the emulator's
 * errors consistent with what Google's Java client parses into {@code GoogleJsonError} and
 * {@code TokenErrorResponse}.
 */
final class GoogleErrors {

    private GoogleErrors() {
    }

    /** A Calendar API error body. {@code grpcStatus} is left out when null, as most Calendar v3 errors do. */
    static Response api(int code, String domain, String reason, String message, String grpcStatus) {
        return Response.json(code, Jsons.obj("error", Jsons.obj(
                "code", code,
                "message", message,
                "errors", List.of(Jsons.obj("domain", domain, "reason", reason, "message", message)),
                "status", grpcStatus)));
    }

    static ApiError apiError(int code, String domain, String reason, String message) {
        return new ApiError(api(code, domain, reason, message, null));
    }

    static ApiError badRequest(String reason, String message) {
        return apiError(400, "global", reason, message);
    }

    static ApiError parseError() {
        return badRequest("parseError", "Parse Error");
    }

    static ApiError notFound() {
        return apiError(404, "global", "notFound", "Not Found");
    }

    static ApiError deleted() {
        return apiError(410, "global", "deleted", "Resource has been deleted");
    }

    static ApiError duplicate() {
        return apiError(409, "global", "duplicate", "The requested identifier already exists.");
    }

    static ApiError invalidResourceId() {
        return badRequest("invalid", "Invalid resource id value.");
    }

    static ApiError requiredAccessLevel(String level) {
        return apiError(403, "calendar", "requiredAccessLevel",
                "You need to have " + level + " access to this calendar.");
    }

    /** 401 as the Google front end sends it for a missing, unknown, expired or revoked access token. */
    static ApiError unauthenticated(boolean credentialMissing) {
        String message = credentialMissing
                ? "Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project."
                : "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.";
        String reason = credentialMissing ? "required" : "authError";
        String shortMessage = credentialMissing ? "Login Required." : "Invalid Credentials";
        Response r = Response.json(401, Jsons.obj("error", Jsons.obj(
                "code", 401,
                "message", message,
                "errors", List.of(Jsons.obj("message", shortMessage, "domain", "global", "reason", reason,
                        "location", "Authorization", "locationType", "header")),
                "status", "UNAUTHENTICATED")));
        r.header("WWW-Authenticate", credentialMissing
                ? "Bearer realm=\"https://accounts.google.com/\""
                : "Bearer realm=\"https://accounts.google.com/\", error=\"invalid_token\"");
        return new ApiError(r);
    }

    /** 403 for a valid token that lacks every scope the method accepts. */
    static ApiError insufficientScope(String method, List<String> acceptedScopes) {
        Response r = Response.json(403, Jsons.obj("error", Jsons.obj(
                "code", 403,
                "message", "Request had insufficient authentication scopes.",
                "errors", List.of(Jsons.obj("message", "Insufficient Permission", "domain", "global",
                        "reason", "insufficientPermissions")),
                "status", "PERMISSION_DENIED",
                "details", List.of(Jsons.obj(
                        "@type", "type.googleapis.com/google.rpc.ErrorInfo",
                        "reason", "ACCESS_TOKEN_SCOPE_INSUFFICIENT",
                        "domain", "googleapis.com",
                        "metadata", Map.of("service", "calendar-json.googleapis.com", "method", method))))));
        r.header("WWW-Authenticate", "Bearer realm=\"https://accounts.google.com/\", error=\"insufficient_scope\", scope=\""
                + String.join(" ", acceptedScopes) + "\"");
        return new ApiError(r);
    }

    /** An injected Calendar API error: Google's full shape, including the gRPC-style status name. */
    static Response injected(int code, String reason, String message) {
        String r = reason != null ? reason : defaultReason(code);
        String m = message != null ? message : defaultMessage(code, r);
        String domain = switch (r) {
            case "rateLimitExceeded", "userRateLimitExceeded", "quotaExceeded", "dailyLimitExceeded" -> "usageLimits";
            default -> "global";
        };
        return api(code, domain, r, m, grpcStatus(code));
    }

    /** An OAuth endpoint error body. */
    static Response oauth(int status, String error, String description) {
        return Response.oauthJson(status, Jsons.obj("error", error, "error_description", description));
    }

    static ApiError oauthError(int status, String error, String description) {
        return new ApiError(oauth(status, error, description));
    }

    /** An injected token/revoke endpoint error: {@code reason} becomes OAuth's {@code error} code. */
    static Response injectedOAuth(int code, String reason, String message) {
        String error = reason != null ? reason : switch (code) {
            case 400 -> "invalid_request";
            case 401 -> "invalid_client";
            case 429 -> "rate_limit_exceeded";
            default -> code >= 500 ? "internal_failure" : "invalid_request";
        };
        return oauth(code, error, message != null ? message : defaultMessage(code, error));
    }

    /** The HTML page Google's authorization endpoint shows instead of redirecting. */
    static Response authPage(int status, String error, String description) {
        String html = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Error "
                + status + " (" + ConsentPage.escape(error) + ")</title></head><body>"
                + "<h1>Access blocked: authorization error</h1>"
                + "<p>" + ConsentPage.escape(description) + "</p>"
                + "<p><b>Error " + status + ": " + ConsentPage.escape(error) + "</b></p>"
                + "<p><small>Google emulator (test tooling)</small></p></body></html>";
        return Response.html(status, html);
    }

    static ApiError authPageError(String error, String description) {
        return new ApiError(authPage(400, error, description));
    }

    private static String defaultReason(int code) {
        return switch (code) {
            case 400 -> "badRequest";
            case 401 -> "authError";
            case 403 -> "forbidden";
            case 404 -> "notFound";
            case 409 -> "conflict";
            case 410 -> "deleted";
            case 412 -> "conditionNotMet";
            case 429 -> "rateLimitExceeded";
            default -> code >= 500 ? "backendError" : "badRequest";
        };
    }

    private static String defaultMessage(int code, String reason) {
        return switch (reason) {
            case "backendError" -> "Backend Error";
            case "internalError" -> "Internal error encountered.";
            case "rateLimitExceeded" -> "Rate Limit Exceeded";
            case "userRateLimitExceeded" -> "User Rate Limit Exceeded";
            case "quotaExceeded" -> "Quota exceeded.";
            default -> switch (code) {
                case 503 -> "The service is currently unavailable.";
                case 500 -> "Internal error encountered.";
                case 404 -> "Not Found";
                case 410 -> "Resource has been deleted";
                case 401 -> "Unauthorized";
                case 403 -> "Forbidden";
                default -> "Error " + code;
            };
        };
    }

    private static String grpcStatus(int code) {
        return switch (code) {
            case 400 -> "INVALID_ARGUMENT";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "PERMISSION_DENIED";
            case 404 -> "NOT_FOUND";
            case 409 -> "ALREADY_EXISTS";
            case 412 -> "FAILED_PRECONDITION";
            case 429 -> "RESOURCE_EXHAUSTED";
            case 500 -> "INTERNAL";
            case 501 -> "UNIMPLEMENTED";
            case 503 -> "UNAVAILABLE";
            case 504 -> "DEADLINE_EXCEEDED";
            default -> code >= 500 ? "INTERNAL" : "FAILED_PRECONDITION";
        };
    }
}
