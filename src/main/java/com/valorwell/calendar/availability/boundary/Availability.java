package com.valorwell.calendar.availability.boundary;

import com.valorwell.calendar.availability.control.BusyIntervals;
import com.valorwell.calendar.availability.control.FreeBusyCache;
import com.valorwell.calendar.connection.control.AccessTokens;
import com.valorwell.calendar.connection.control.ConnectionStore;
import com.valorwell.calendar.connection.control.StoredConnection;
import com.valorwell.calendar.google.control.GooglePort;
import com.valorwell.calendar.google.entity.BusyInterval;
import com.valorwell.calendar.google.entity.GoogleFailure;
import com.valorwell.calendar.identity.control.Directory;
import com.valorwell.calendar.identity.entity.StaffMember;
import com.valorwell.calendar.operations.control.ServiceMetrics;
import com.valorwell.calendar.platform.config.Setting;
import com.valorwell.calendar.platform.config.Settings;
import com.valorwell.calendar.platform.db.Transactions;
import com.valorwell.calendar.platform.problem.ApiException;
import com.valorwell.calendar.platform.security.Caller;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A clinician's busy times from Google (SPEC 5.4), for any member of their clinic. Never
 * falsely free: {@code busy} is empty only with a status other than connected, and any
 * failure at Google is a 503, never an empty list. Answers are cached briefly and
 * identical concurrent questions share one Google call.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Availability {

    @Inject
    Settings settings;

    @Inject
    Directory directory;

    @Inject
    Transactions transactions;

    @Inject
    ConnectionStore connections;

    @Inject
    AccessTokens tokens;

    @Inject
    GooglePort google;

    @Inject
    FreeBusyCache cache;

    @Inject
    RateLimits rateLimits;

    @Inject
    ServiceMetrics metrics;

    @Inject
    Clock clock;

    private Duration maxRange;
    private Duration ttl;

    @PostConstruct
    void init() {
        maxRange = settings.duration(Setting.AVAILABILITY_MAX_RANGE);
        ttl = settings.duration(Setting.AVAILABILITY_CACHE_TTL);
    }

    /** The answer of get-availability. */
    public record AvailabilityView(UUID staffId, String timeMin, String timeMax, String status, List<Busy> busy) {
    }

    /** A busy block: start and end only. */
    public record Busy(String start, String end) {
    }

    public AvailabilityView busy(Caller caller, UUID staffId, OffsetDateTime timeMin, OffsetDateTime timeMax) {
        rateLimits.limiter().acquire(caller.profileId()).ifPresent(wait -> {
            throw new ApiException(429, "rate_limited", "Too many availability requests; slow down.",
                    wait.isZero() ? Duration.ofSeconds(1) : wait);
        });
        Instant min = timeMin.toInstant();
        Instant max = timeMax.toInstant();
        if (!max.isAfter(min)) {
            throw ApiException.badRequest("invalid_range", "time_max must be after time_min.");
        }
        if (Duration.between(min, max).compareTo(maxRange) > 0) {
            throw ApiException.badRequest("invalid_range", "The range may be at most " + maxRange.toDays() + " days.");
        }
        // Another clinic's clinician answers exactly as one that does not exist.
        StaffMember staff = transactions.required(() -> directory.staffVisibleTo(caller, staffId))
                .orElseThrow(() -> ApiException.notFound("staff_not_found", "No such clinician."));
        FreeBusyCache.Result result;
        try {
            result = cache.get(new FreeBusyCache.Key(staff.id(), min, max), ttl, clock, () -> ask(staff, min, max));
        } catch (GoogleFailure e) {
            throw AccessTokens.asApiError(e);
        }
        metrics.availabilityCache(result.hit());
        return view(staffId, min, max, result.answer().status(), result.answer().busy());
    }

    /** The answer for the cache: the connection's status, and Google's busy blocks when connected. */
    private FreeBusyCache.Answer ask(StaffMember staff, Instant min, Instant max) {
        Optional<StoredConnection> connection = connections.load(staff.id());
        String status = connection.map(c -> switch (c.status()) {
            case CONNECTED -> c.refreshTokenEncrypted() == null ? "not_connected" : "connected";
            case NEEDS_RECONNECT -> "needs_reconnect";
            case DISCONNECTED -> "not_connected";
        }).orElse("not_connected");
        if (!"connected".equals(status)) {
            return new FreeBusyCache.Answer(status, List.of());
        }
        StoredConnection c = connection.get();
        String calendar = Optional.ofNullable(c.selectedCalendarId()).orElse(ConnectionStore.DEFAULT_CALENDAR);
        try {
            return new FreeBusyCache.Answer("connected",
                    tokens.withAccessToken(c, token -> google.freeBusy(token, calendar, min, max)));
        } catch (ApiException e) {
            if ("needs_reconnect".equals(e.code())) {
                return new FreeBusyCache.Answer("needs_reconnect", List.of());
            }
            throw e;
        }
    }

    private static AvailabilityView view(UUID staffId, Instant min, Instant max, String status, List<BusyInterval> busy) {
        List<Busy> blocks = BusyIntervals.normalize(busy, min, max).stream()
                .map(b -> new Busy(b.start().toString(), b.end().toString())).toList();
        return new AvailabilityView(staffId, min.toString(), max.toString(), status, blocks);
    }
}
