package com.valorwell.calendar.availability.control;

import com.valorwell.calendar.google.entity.BusyInterval;
import com.valorwell.calendar.sync.entity.CalendarChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Free/busy answers reused for AVAILABILITY_CACHE_TTL, with one Google call for any
 * number of identical questions asked at once (single flight). A sync that writes to a
 * clinician's calendar, or a change of their connection, drops their answers; an answer
 * fetched while such a change happened is not kept. Failures are never cached. Per instance.
 */
@ApplicationScoped
public class FreeBusyCache {

    /** One question: whose calendar, which calendar, which range. */
    public record Key(UUID staffId, String calendarId, Instant min, Instant max) {
    }

    private record Entry(CompletableFuture<List<BusyInterval>> answer, long generation, Instant expires) {
    }

    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();
    private final Map<UUID, AtomicLong> generations = new ConcurrentHashMap<>();
    private final AtomicLong calls = new AtomicLong();

    /** The cached answer, or {@code fetch}'s; {@code hit} tells whether Google was spared. */
    public Result get(Key key, Duration ttl, Clock clock, Supplier<List<BusyInterval>> fetch) {
        long generation = generation(key.staffId()).get();
        Instant now = clock.instant();
        CompletableFuture<List<BusyInterval>> mine = new CompletableFuture<>();
        Entry fresh = new Entry(mine, generation, now.plus(ttl));
        Entry current = entries.compute(key, (k, e) -> e != null && e.generation == generation
                && (e.expires.isAfter(now) || !e.answer.isDone()) ? e : fresh);
        if (current != fresh) {
            return new Result(join(current.answer), true);
        }
        if (calls.incrementAndGet() % 1024 == 0) {
            entries.entrySet().removeIf(e -> e.getValue().answer.isDone() && !e.getValue().expires.isAfter(now));
        }
        try {
            List<BusyInterval> answer = fetch.get();
            mine.complete(answer);
            if (generation(key.staffId()).get() != generation) {
                entries.remove(key, fresh);
            }
            return new Result(answer, false);
        } catch (RuntimeException e) {
            entries.remove(key, fresh);
            mine.completeExceptionally(e);
            throw e;
        }
    }

    /** What {@link #get} answered. */
    public record Result(List<BusyInterval> busy, boolean hit) {
    }

    void onCalendarChanged(@Observes CalendarChanged change) {
        invalidate(change.staffId());
    }

    public void invalidate(UUID staffId) {
        generation(staffId).incrementAndGet();
        entries.keySet().removeIf(k -> k.staffId().equals(staffId));
    }

    private AtomicLong generation(UUID staffId) {
        return generations.computeIfAbsent(staffId, k -> new AtomicLong());
    }

    private static List<BusyInterval> join(CompletableFuture<List<BusyInterval>> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }
}
