package com.valorwell.calendar.google.entity;

import java.time.Duration;
import java.util.Optional;

/**
 * A Google call that did not succeed, reduced to the few outcomes the service acts on.
 * The message names the operation and HTTP status only: never a token, code or body.
 */
public class GoogleFailure extends RuntimeException {

    /** What happened, as far as the service cares. */
    public enum Kind {
        /** 404: no such event or calendar. */
        NOT_FOUND,
        /** 410: the event was deleted. */
        GONE,
        /** 409 on insert: an event with that id already exists. */
        DUPLICATE,
        /** 401 from the API: the access token was not accepted. */
        AUTH_FAILED,
        /** invalid_grant from the token endpoint: the grant is revoked or expired; the user must reconnect. */
        INVALID_GRANT,
        /** 403 for a missing scope or access right (not a rate limit). */
        FORBIDDEN,
        /** 429, or a rate-limit 403 (rateLimitExceeded, userRateLimitExceeded, quotaExceeded). */
        RATE_LIMITED,
        /** 5xx, time-out, dropped connection, or any other failure to get an answer. */
        UNAVAILABLE,
        /** Any other 4xx: the request was wrong. */
        REJECTED
    }

    private final Kind kind;
    private final String operation;
    private final int httpStatus;
    private final Duration retryAfter;

    public GoogleFailure(Kind kind, String operation, int httpStatus, Duration retryAfter) {
        super(operation + " failed: " + kind + (httpStatus > 0 ? " (HTTP " + httpStatus + ")" : ""), null, false, false);
        this.kind = kind;
        this.operation = operation;
        this.httpStatus = httpStatus;
        this.retryAfter = retryAfter;
    }

    public Kind kind() {
        return kind;
    }

    public String operation() {
        return operation;
    }

    /** The HTTP status Google answered, or 0 when there was no answer. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Google's Retry-After, when it sent one. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** Failures worth retrying later: Google was unavailable or rate limited. */
    public boolean transientFailure() {
        return kind == Kind.UNAVAILABLE || kind == Kind.RATE_LIMITED;
    }
}
