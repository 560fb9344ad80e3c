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
 * Availability answers (connection status and busy blocks) reused for
 * AVAILABILITY_CACHE_TTL, with one Google call for any number of identical questions
 * asked at once (single flight). A sync that writes to a clinician's calendar, or a change
 * of their connection, drops their answers on this instance; an answer fetched while
 * such a change happened is not kept. Failures are never cached. Per instance: a change
 * made through another instance is seen here within the TTL, like Google's own changes.
 */
@ApplicationScoped
public class FreeBusyCache {

    /** One question: whose calendar, which range. */
    public record Key(UUID staffId, Instant min, Instant max) {
    }

    /** An answer: the connection's status and, when connected, Google's busy blocks. */
    public record Answer(String status, List<BusyInterval> busy) {
    }

    private record Entry(CompletableFuture<Answer> answer, long generation, Instant expires) {
    }

    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();
    private final Map<UUID, AtomicLong> generations = new ConcurrentHashMap<>();
    private final AtomicLong calls = new AtomicLong();

    /** The cached answer, or {@code fetch}'s; {@code hit} tells whether Google was spared. */
    public Result get(Key key, Duration ttl, Clock clock, Supplier<Answer> fetch) {
        long generation = generation(key.staffId()).get();
        Instant now = clock.instant();
        CompletableFuture<Answer> mine = new CompletableFuture<>();
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
            Answer answer = fetch.get();
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
    public record Result(Answer answer, boolean hit) {
    }

    void onCalendarChanged(@Observes CalendarChanged change) {
        invalidate(change.staffId());
    }

    /** Older answers for the clinician are never served again (their generation is past); they expire away. */
    public void invalidate(UUID staffId) {
        generation(staffId).incrementAndGet();
    }

    private AtomicLong generation(UUID staffId) {
        return generations.computeIfAbsent(staffId, k -> new AtomicLong());
    }

    private static Answer join(CompletableFuture<Answer> f) {
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
