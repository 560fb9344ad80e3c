package com.valorwell.calendar.sync.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Event ids, backoff and time zones: the sync's pure rules. */
class SyncLogicTest {

    @Test
    void eventIdsAreStable32HexAndRevealNothing() {
        EventIds ids = new EventIds("a-secret-of-at-least-thirty-two-bytes".getBytes(StandardCharsets.UTF_8));
        UUID appointment = UUID.randomUUID();
        UUID staff = UUID.randomUUID();
        String id = ids.of(appointment, staff);
        assertTrue(id.matches("[0-9a-f]{32}"), id);
        assertEquals(id, ids.of(appointment, staff));
        assertNotEquals(id, ids.of(appointment, UUID.randomUUID()));
        assertTrue(!id.contains(appointment.toString().replace("-", "").substring(0, 8)));
        EventIds otherKey = new EventIds("another-secret-of-at-least-32-bytes!".getBytes(StandardCharsets.UTF_8));
        assertNotEquals(id, otherKey.of(appointment, staff));
    }

    @Test
    void backoffGrowsCapsAndJitters() {
        Backoff top = new Backoff(Duration.ofSeconds(30), Duration.ofHours(1), () -> 1.0);
        assertEquals(Duration.ofSeconds(30), top.delay(1, Optional.empty()));
        assertEquals(Duration.ofSeconds(60), top.delay(2, Optional.empty()));
        assertEquals(Duration.ofSeconds(240), top.delay(4, Optional.empty()));
        assertEquals(Duration.ofHours(1), top.delay(8, Optional.empty()));
        assertEquals(Duration.ofHours(1), top.delay(40, Optional.empty()));
        Backoff bottom = new Backoff(Duration.ofSeconds(30), Duration.ofHours(1), () -> 0.0);
        assertEquals(Duration.ofSeconds(15), bottom.delay(1, Optional.empty()), "at least half");
    }

    @Test
    void retryAfterWinsEvenBeyondTheMaximum() {
        Backoff b = new Backoff(Duration.ofSeconds(30), Duration.ofMinutes(1), () -> 0.5);
        assertEquals(Duration.ofMinutes(5), b.delay(1, Optional.of(Duration.ofMinutes(5))));
    }

    @Test
    void onlyIanaZonesAreSentToGoogle() {
        assertEquals("America/New_York", TimeZones.ianaOrNull("America/New_York"));
        assertNull(TimeZones.ianaOrNull("EST5EDT-nonsense"));
        assertNull(TimeZones.ianaOrNull("+05:00"));
        assertNull(TimeZones.ianaOrNull(null));
    }
}
