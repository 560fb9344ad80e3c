package com.valorwell.calendar.emulator;

/**
 * Thrown by endpoint code to stop handling a request and answer with a prepared error response.
 * It is control flow, not a failure of the emulator, so it carries no stack trace.
 */
final class ApiError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    final transient Response response;

    ApiError(Response response) {
        super(null, null, false, false);
        this.response = response;
    }
}
