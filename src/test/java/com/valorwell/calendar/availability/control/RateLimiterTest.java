package com.valorwell.calendar.availability.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    @Test
    void theLimitIsPerCallerPerMinuteAndSaysHowLongToWait() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-25T10:00:45Z"), ZoneOffset.UTC);
        RateLimiter limiter = new RateLimiter(3, clock);
        UUID a = UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            assertTrue(limiter.acquire(a).isEmpty());
        }
        assertEquals(Optional.of(Duration.ofSeconds(15)), limiter.acquire(a));
        assertTrue(limiter.acquire(UUID.randomUUID()).isEmpty(), "another caller is not affected");
        RateLimiter nextMinute = new RateLimiter(3, Clock.offset(clock, Duration.ofSeconds(20)));
        assertTrue(nextMinute.acquire(a).isEmpty());
    }
}
