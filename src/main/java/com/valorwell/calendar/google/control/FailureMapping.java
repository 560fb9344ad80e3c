package com.valorwell.calendar.google.control;

import com.valorwell.calendar.google.entity.GoogleFailure;
import com.valorwell.calendar.google.entity.GoogleFailure.Kind;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Set;

/**
 * Reduces Google's error answers (the OAuth endpoints' {@code error} codes, the Calendar
 * API's statuses and reasons, {@code Retry-After}) to {@link GoogleFailure}s, so the
 * adapter's call code holds no status tables.
 */
final class FailureMapping {

    /** The 403 reasons that mean "slow down", not "not allowed". */
    private static final Set<String> RATE_LIMIT_REASONS =
            Set.of("rateLimitExceeded", "userRateLimitExceeded", "quotaExceeded", "dailyLimitExceeded");

    private FailureMapping() {
    }

    /** An error answer of the token or revocation endpoint; {@code error} is OAuth's error code, if any. */
    static GoogleFailure oauth(String operation, int status, String error, String retryAfterHeader, Instant now) {
        Duration retryAfter = retryAfter(retryAfterHeader, now);
        if (status >= 500) {
            return new GoogleFailure(Kind.UNAVAILABLE, operation, status, retryAfter);
        }
        if (status == 429) {
            return new GoogleFailure(Kind.RATE_LIMITED, operation, status, retryAfter);
        }
        // Only a 4xx invalid_grant is a definite verdict on the grant: a server error that
        // happened to carry the code must not make a clinician reconnect.
        if ("invalid_grant".equals(error)) {
            return new GoogleFailure(Kind.INVALID_GRANT, operation, status, null);
        }
        return new GoogleFailure(Kind.REJECTED, operation, status, retryAfter);
    }

    /** An error answer of the Calendar API; {@code reasons} are those of Google's error body. */
    static GoogleFailure api(String operation, int status, Collection<String> reasons, String retryAfterHeader,
                             Instant now) {
        Duration retryAfter = retryAfter(retryAfterHeader, now);
        Kind kind;
        if (status == 401) {
            kind = Kind.AUTH_FAILED;
        } else if (status == 403) {
            kind = reasons.stream().anyMatch(RATE_LIMIT_REASONS::contains) ? Kind.RATE_LIMITED : Kind.FORBIDDEN;
        } else if (status == 404) {
            kind = Kind.NOT_FOUND;
        } else if (status == 409) {
            kind = Kind.DUPLICATE;
        } else if (status == 410) {
            kind = Kind.GONE;
        } else if (status == 429) {
            kind = Kind.RATE_LIMITED;
        } else if (status >= 500) {
            kind = Kind.UNAVAILABLE;
        } else {
            kind = Kind.REJECTED;
        }
        return new GoogleFailure(kind, operation, status, retryAfter);
    }

    /** No answer at all (time-out, refused or dropped connection), or an answer that could not be read. */
    static GoogleFailure noAnswer(String operation, int status) {
        return new GoogleFailure(Kind.UNAVAILABLE, operation, status, null);
    }

    /**
     * {@code Retry-After} as delta-seconds or an HTTP-date (RFC 9110 10.2.3); null when absent or
     * unreadable. A date in the past means "now", i.e. zero.
     */
    static Duration retryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.trim();
        if (value.chars().allMatch(Character::isDigit)) {
            try {
                return Duration.ofSeconds(Long.parseLong(value));
            } catch (NumberFormatException tooLong) {
                return null;
            }
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
        } catch (DateTimeParseException notADate) {
            return null;
        }
    }
}
