package com.valorwell.calendar.google.control;

/**
 * Hears about every HTTP call the Google adapter makes, so that metrics can count and time
 * them without touching the call code. Implementations must be quick and thread-safe.
 */
@FunctionalInterface
public interface GoogleCallObserver {

    /** Ignores every call: the adapter's default. */
    GoogleCallObserver NONE = (operation, httpStatus, nanos) -> {
    };

    /**
     * One call, successful or not.
     *
     * @param operation  e.g. {@code events.insert} (the names of {@code GoogleFailure.operation()})
     * @param httpStatus the status Google answered, 0 when there was no answer (time-out, dropped connection)
     * @param nanos      how long the call took, sending through reading the answer
     */
    void observed(String operation, int httpStatus, long nanos);
}
