package com.valorwell.calendar.sync.control;

import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * When a failed sync may be tried again: {@code min(base * 2^(n-1), max)} after the n-th
 * failed attempt, with "equal jitter" (between half and all of it) so that rows failed
 * together do not retry together; Google's Retry-After wins whenever it was sent, even
 * when longer than the maximum.
 */
public final class Backoff {

    private final Duration base;
    private final Duration max;
    private final DoubleSupplier random;

    public Backoff(Duration base, Duration max, DoubleSupplier random) {
        this.base = base;
        this.max = max;
        this.random = random;
    }

    /** The delay before the next try, {@code failedAttempts} ≥ 1. */
    public Duration delay(int failedAttempts, Optional<Duration> retryAfter) {
        if (retryAfter.isPresent()) {
            return retryAfter.get();
        }
        Duration full = capped(failedAttempts);
        long half = full.toMillis() / 2;
        return Duration.ofMillis(half + Math.round((full.toMillis() - half) * random.getAsDouble()));
    }

    /** The delay without jitter. */
    public Duration capped(int failedAttempts) {
        int exponent = Math.max(0, Math.min(failedAttempts - 1, 30));
        Duration d = base.multipliedBy(1L << exponent);
        return d.compareTo(max) > 0 ? max : d;
    }
}
