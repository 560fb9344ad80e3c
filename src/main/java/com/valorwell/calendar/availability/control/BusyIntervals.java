package com.valorwell.calendar.availability.control;

import com.valorwell.calendar.google.entity.BusyInterval;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Busy blocks as the API answers them: clipped to the range, sorted, overlapping and touching ones merged. */
public final class BusyIntervals {

    private BusyIntervals() {
    }

    public static List<BusyInterval> normalize(List<BusyInterval> blocks, Instant min, Instant max) {
        List<BusyInterval> clipped = new ArrayList<>();
        for (BusyInterval b : blocks) {
            Instant start = b.start().isBefore(min) ? min : b.start();
            Instant end = b.end().isAfter(max) ? max : b.end();
            if (start.isBefore(end)) {
                clipped.add(new BusyInterval(start, end));
            }
        }
        clipped.sort(Comparator.comparing(BusyInterval::start).thenComparing(BusyInterval::end));
        List<BusyInterval> merged = new ArrayList<>();
        for (BusyInterval b : clipped) {
            BusyInterval last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && !b.start().isAfter(last.end())) {
                if (b.end().isAfter(last.end())) {
                    merged.set(merged.size() - 1, new BusyInterval(last.start(), b.end()));
                }
            } else {
                merged.add(b);
            }
        }
        return merged;
    }
}
