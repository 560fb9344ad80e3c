package com.valorwell.calendar.availability.control;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Requests per minute per caller, as a fixed one-minute window per caller: cheap, and
 * enough to stop one client from hammering Google through this service. Answers how
 * long to wait when the caller is over the limit. Per instance.
 */
public final class RateLimiter {

    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final int limit;
    private final Clock clock;
    private final Map<UUID, long[]> windows = new ConcurrentHashMap<>();

    public RateLimiter(int limitPerMinute, Clock clock) {
        this.limit = limitPerMinute;
        this.clock = clock;
    }

    /** Empty if the request may go ahead, else how long until the caller's window opens again. */
    public Optional<Duration> acquire(UUID caller) {
        long now = clock.millis();
        long windowStart = now - now % WINDOW.toMillis();
        long[] state = windows.compute(caller, (k, w) -> {
            if (w == null || w[0] != windowStart) {
                return new long[] {windowStart, 1};
            }
            w[1]++;
            return w;
        });
        if (windows.size() > 100_000) {
            windows.entrySet().removeIf(e -> e.getValue()[0] != windowStart);
        }
        return state[1] <= limit ? Optional.empty() : Optional.of(Duration.ofMillis(windowStart + WINDOW.toMillis() - now));
    }
}
