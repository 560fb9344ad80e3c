package com.valorwell.calendar.availability.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.valorwell.calendar.google.entity.BusyInterval;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BusyIntervalsTest {

    static Instant t(int hour, int minute) {
        return Instant.parse("2026-11-26T00:00:00Z").plusSeconds(hour * 3600L + minute * 60L);
    }

    static BusyInterval b(int h1, int m1, int h2, int m2) {
        return new BusyInterval(t(h1, m1), t(h2, m2));
    }

    @Test
    void overlappingAdjacentAndNestedBlocksMergeSortedAndClipped() {
        List<BusyInterval> google = List.of(
                b(14, 0, 15, 0),   // adjacent to the next
                b(15, 0, 15, 30),
                b(9, 30, 11, 0),   // overlaps the next
                b(10, 30, 12, 0),
                b(10, 45, 11, 15), // nested
                b(6, 0, 8, 30),    // starts before the range
                b(17, 0, 19, 0),   // ends after the range
                b(20, 0, 21, 0),   // outside
                b(5, 0, 7, 0));    // partly outside
        assertEquals(List.of(b(8, 0, 8, 30), b(9, 30, 12, 0), b(14, 0, 15, 30), b(17, 0, 18, 0)),
                BusyIntervals.normalize(google, t(8, 0), t(18, 0)));
    }

    @Test
    void emptyAndDegenerateBlocksVanish() {
        assertEquals(List.of(), BusyIntervals.normalize(List.of(), t(8, 0), t(18, 0)));
        assertEquals(List.of(), BusyIntervals.normalize(List.of(b(9, 0, 9, 0), b(18, 0, 19, 0)), t(8, 0), t(18, 0)));
    }
}
