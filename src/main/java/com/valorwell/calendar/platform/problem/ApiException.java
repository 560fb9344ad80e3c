package com.valorwell.calendar.platform.problem;

import jakarta.ejb.ApplicationException;
import java.time.Duration;
import java.util.Optional;

/**
 * A business error with a stable snake_case code, rendered as problem details. The
 * detail is written for the caller: it never carries a token, secret, SQL or stack.
 */
@ApplicationException(rollback = true)
public class ApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final Duration retryAfter;

    public ApiException(int status, String code, String detail) {
        this(status, code, detail, null);
    }

    public ApiException(int status, String code, String detail, Duration retryAfter) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.retryAfter = retryAfter;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    public static ApiException badRequest(String code, String detail) {
        return new ApiException(400, code, detail);
    }

    public static ApiException invalidRequest(String field, String problem) {
        return new ApiException(400, "invalid_request", "Field '" + field + "' " + problem + ".");
    }

    public static ApiException unauthorized() {
        return new ApiException(401, "unauthorized", "A valid bearer token is required.");
    }

    public static ApiException forbidden(String code, String detail) {
        return new ApiException(403, code, detail);
    }

    public static ApiException notFound(String code, String detail) {
        return new ApiException(404, code, detail);
    }

    public static ApiException conflict(String code, String detail) {
        return new ApiException(409, code, detail);
    }
}
