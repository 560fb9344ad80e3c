package com.valorwell.calendar.sync.boundary;

import com.valorwell.calendar.connection.control.AccessTokens;
import com.valorwell.calendar.connection.control.ConnectionStore;
import com.valorwell.calendar.connection.control.StoredConnection;
import com.valorwell.calendar.google.control.GooglePort;
import com.valorwell.calendar.google.entity.EventData;
import com.valorwell.calendar.google.entity.GoogleFailure;
import com.valorwell.calendar.identity.control.Directory;
import com.valorwell.calendar.identity.entity.TenantRole;
import com.valorwell.calendar.operations.control.ServiceMetrics;
import com.valorwell.calendar.platform.config.Setting;
import com.valorwell.calendar.platform.config.Settings;
import com.valorwell.calendar.platform.db.Transactions;
import com.valorwell.calendar.platform.problem.ApiException;
import com.valorwell.calendar.platform.security.Caller;
import com.valorwell.calendar.sync.control.Backoff;
import com.valorwell.calendar.sync.control.CallGate;
import com.valorwell.calendar.sync.control.EventIds;
import com.valorwell.calendar.sync.control.SyncStore;
import com.valorwell.calendar.sync.control.TimeZones;
import com.valorwell.calendar.sync.entity.Appointment;
import com.valorwell.calendar.sync.entity.CalendarChanged;
import com.valorwell.calendar.sync.entity.LogRow;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Makes Google agree with an appointment row (SPEC 5.5): exactly one event, with the
 * appointment's current times, on its clinician's calendar; none once it is cancelled or
 * deleted; moved when the appointment moves to another clinician. Each involved log row
 * is claimed (pending, leased) in a short transaction before Google is called and the
 * outcome recorded after, so concurrent syncs of one appointment take turns and never
 * make two events, and no transaction spans a Google call.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class AppointmentSync {

    private static final Logger LOG = Logger.getLogger(AppointmentSync.class.getName());
    /** Longer than any sync can take (a refresh and two calls, each bounded by GOOGLE_HTTP_TIMEOUT). */
    static final Duration LEASE = Duration.ofMinutes(2);
    static final Duration CLAIM_WAIT = Duration.ofSeconds(60);

    /** What a caller says just happened to the appointment. */
    public enum Action { CREATE, UPDATE, DELETE }

    @Inject
    SyncStore store;

    @Inject
    Directory directory;

    @Inject
    Transactions transactions;

    @Inject
    AccessTokens tokens;

    @Inject
    ConnectionStore connections;

    @Inject
    GooglePort google;

    @Inject
    Settings settings;

    @Inject
    ServiceMetrics metrics;

    @Inject
    Event<CalendarChanged> changed;

    private EventIds eventIds;
    private Backoff backoff;

    @PostConstruct
    void init() {
        eventIds = new EventIds(settings.text(Setting.OAUTH_STATE_SIGNING_SECRET).getBytes(StandardCharsets.UTF_8));
        backoff = new Backoff(settings.duration(Setting.SYNC_RETRY_BASE_DELAY), settings.duration(Setting.SYNC_RETRY_MAX_DELAY),
                () -> ThreadLocalRandom.current().nextDouble());
    }

    /** What one short transaction read before a sync: the appointment (if its row exists) and its log rows. */
    private record Known(Optional<Appointment> appointment, List<LogRow> rows, Optional<TenantRole> role) {
    }

    /** A claimed row, with the appointment and connection as read right after claiming it. */
    private record Claimed(LogRow row, Optional<Appointment> appointment, Optional<StoredConnection> connection) {
    }

    public SyncResult sync(Caller caller, UUID appointmentId, Action action) {
        // One short transaction: the appointment, its rows and the caller's role in its tenant.
        Known known = transactions.required(() -> {
            Optional<Appointment> appointment = store.appointment(appointmentId);
            List<LogRow> rows = store.rows(appointmentId);
            UUID tenant = tenantOf(appointment, rows, action);
            return new Known(appointment, rows,
                    tenant == null ? Optional.empty() : directory.roleIn(caller, tenant));
        });
        UUID tenant = tenantOf(known.appointment(), known.rows(), action);
        if (tenant == null || known.role().isEmpty()) {
            throw notFound();
        }
        if (known.role().get() == TenantRole.CLIENT) {
            throw ApiException.forbidden("forbidden", "Only staff and admins of the clinic may sync appointments.");
        }
        SyncResult result = reconcile(appointmentId, tenant, action, CallGate.OPEN, known);
        metrics.syncOperation(action.name().toLowerCase(), result.syncStatus());
        return result;
    }

    /** An appointment's tenant; with its row gone, only a delete may still find it through the log. */
    private static UUID tenantOf(Optional<Appointment> appointment, List<LogRow> rows, Action action) {
        return appointment.map(Appointment::tenantId)
                .orElse(rows.isEmpty() || action != Action.DELETE ? null : rows.get(0).tenantId());
    }

    /**
     * Everything after the access check; also the retry sweeper's entry point, which
     * passes a gate bounding its Google calls in flight.
     */
    public SyncResult reconcile(UUID appointmentId, UUID tenant, Action action, CallGate gate) {
        Known known = transactions.required(() ->
                new Known(store.appointment(appointmentId), store.rows(appointmentId), Optional.empty()));
        return reconcile(appointmentId, tenant, action, gate, known);
    }

    private SyncResult reconcile(UUID appointmentId, UUID tenant, Action action, CallGate gate, Known known) {
        String requested = action == Action.DELETE ? "delete" : "upsert";
        TreeSet<UUID> staffs = new TreeSet<>();
        known.appointment().ifPresent(a -> staffs.add(a.staffId()));
        known.rows().forEach(r -> staffs.add(r.staffId()));

        // Claim every involved row, always in staff-id order, so two syncs cannot wait on
        // each other. Each claim re-reads the appointment: the one read after the last
        // claim is the truth this sync acts on.
        List<Claimed> claimed = new ArrayList<>();
        for (UUID staff : staffs) {
            claimed.add(claim(tenant, appointmentId, staff, requested));
        }
        Optional<Appointment> now = claimed.get(claimed.size() - 1).appointment();
        UUID keep = now.filter(a -> action != Action.DELETE && !a.cancelled()).map(Appointment::staffId).orElse(null);
        if (keep != null && !staffs.contains(keep)) {
            // Reassigned while this sync waited for its turn.
            claimed.add(claim(tenant, appointmentId, keep, requested));
        }

        SyncResult result = null;
        boolean anythingToDo = false;
        for (Claimed c : claimed) {
            LogRow row = c.row();
            if (row.staffId().equals(keep)) {
                anythingToDo = true;
                result = upsert(row, now.orElseThrow(), c.connection(), gate);
            } else if (row.googleEventId() != null && !row.removed()) {
                anythingToDo = true;
                SyncResult removed = remove(row, c.connection(), gate);
                if (result == null || !removed.synced()) {
                    result = removed;
                }
            } else {
                store.succeeded(row.id(), "delete", row.googleEventId(), row.googleCalendarId());
            }
        }
        if (!anythingToDo) {
            return new SyncResult(appointmentId, true, "skipped", null, null);
        }
        return result;
    }

    /** Claims a row (waiting while another sync holds it), reading the appointment and connection in the same transaction. */
    private Claimed claim(UUID tenant, UUID appointmentId, UUID staffId, String requested) {
        long deadline = System.nanoTime() + CLAIM_WAIT.toNanos();
        long pause = 5;
        while (true) {
            Optional<Claimed> claimed = transactions.required(() -> store.claim(tenant, appointmentId, staffId, requested,
                    LEASE).map(row -> new Claimed(row, store.appointment(appointmentId), connections.load(staffId))));
            if (claimed.isPresent()) {
                return claimed.get();
            }
            if (System.nanoTime() > deadline) {
                throw AccessTokens.unavailable(Duration.ofSeconds(5));
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw AccessTokens.unavailable(Duration.ofSeconds(5));
            }
            pause = Math.min(pause * 2, 100);
        }
    }

    /** Makes the clinician's calendar hold exactly one event with the appointment's current times. */
    private SyncResult upsert(LogRow row, Appointment appointment, Optional<StoredConnection> found, CallGate gate) {
        EventData event = new EventData(settings.text(Setting.SYNC_EVENT_SUMMARY), appointment.startAt(),
                appointment.endAt(), TimeZones.ianaOrNull(appointment.timeZone()));
        StoredConnection connection;
        try {
            connection = AccessTokens.usable(found);
        } catch (ApiException e) {
            return failed(row, "upsert", e.code().equals("needs_reconnect") ? "needs_reconnect" : "no_calendar_connection",
                    e.getMessage(), Optional.empty());
        }
        // An update goes to the calendar the event lives on, even if another was chosen since.
        String calendar = row.googleEventId() != null && row.googleCalendarId() != null
                ? row.googleCalendarId()
                : Optional.ofNullable(connection.selectedCalendarId()).orElse(ConnectionStore.DEFAULT_CALENDAR);
        String eventId = row.googleEventId() != null ? row.googleEventId() : eventIds.of(row.appointmentId(), row.staffId());
        try {
            tokens.withAccessToken(connection, token -> {
                if (row.googleEventId() != null) {
                    try {
                        gate.call(() -> google.updateEvent(token, calendar, eventId, event));
                        return null;
                    } catch (GoogleFailure e) {
                        if (e.kind() != GoogleFailure.Kind.NOT_FOUND && e.kind() != GoogleFailure.Kind.GONE) {
                            throw e;
                        }
                    }
                }
                try {
                    gate.call(() -> google.insertEvent(token, calendar, eventId, event));
                } catch (GoogleFailure e) {
                    if (e.kind() != GoogleFailure.Kind.DUPLICATE) {
                        throw e;
                    }
                    // Already there: an earlier try stored it, or it was deleted; make it current and visible.
                    gate.call(() -> google.updateEvent(token, calendar, eventId, event));
                }
                return null;
            });
        } catch (GoogleFailure e) {
            return failedAtGoogle(row, "upsert", e);
        } catch (ApiException e) {
            return failed(row, "upsert", "needs_reconnect".equals(e.code()) ? "needs_reconnect" : "google_unavailable",
                    e.getMessage(), e.retryAfter());
        }
        transactions.required(() -> {
            store.succeeded(row.id(), "upsert", eventId, calendar);
            store.touchConnection(row.staffId());
            return null;
        });
        changed.fire(new CalendarChanged(row.staffId()));
        return new SyncResult(row.appointmentId(), true, "synced", null, eventId);
    }

    /** Removes the row's event from the calendar it lives on; an event already gone is success. */
    private SyncResult remove(LogRow row, Optional<StoredConnection> found, CallGate gate) {
        StoredConnection connection;
        try {
            connection = AccessTokens.usable(found);
        } catch (ApiException e) {
            return failed(row, "delete", e.code().equals("needs_reconnect") ? "needs_reconnect" : "no_calendar_connection",
                    e.getMessage(), Optional.empty());
        }
        String calendar = Optional.ofNullable(row.googleCalendarId()).orElse(ConnectionStore.DEFAULT_CALENDAR);
        try {
            tokens.withAccessToken(connection, token -> {
                try {
                    gate.call(() -> google.deleteEvent(token, calendar, row.googleEventId()));
                } catch (GoogleFailure e) {
                    if (e.kind() != GoogleFailure.Kind.NOT_FOUND && e.kind() != GoogleFailure.Kind.GONE) {
                        throw e;
                    }
                }
                return null;
            });
        } catch (GoogleFailure e) {
            return failedAtGoogle(row, "delete", e);
        } catch (ApiException e) {
            return failed(row, "delete", "needs_reconnect".equals(e.code()) ? "needs_reconnect" : "google_unavailable",
                    e.getMessage(), e.retryAfter());
        }
        // The id stays on the row: a later create on this calendar finds the deleted event by it.
        transactions.required(() -> {
            store.succeeded(row.id(), "delete", row.googleEventId(), calendar);
            store.touchConnection(row.staffId());
            return null;
        });
        changed.fire(new CalendarChanged(row.staffId()));
        return new SyncResult(row.appointmentId(), true, "synced", null, null);
    }

    private SyncResult failedAtGoogle(LogRow row, String action, GoogleFailure e) {
        String reason = e.kind() == GoogleFailure.Kind.RATE_LIMITED ? "rate_limited" : "google_unavailable";
        String message = "Google " + e.operation() + " failed: " + e.kind()
                + (e.httpStatus() > 0 ? " (HTTP " + e.httpStatus() + ")" : "");
        return failed(row, action, reason, message, e.retryAfter());
    }

    private SyncResult failed(LogRow row, String action, String reason, String message, Optional<Duration> retryAfter) {
        Duration wait = backoff.delay(row.retryCount() + 1, retryAfter);
        store.failed(row.id(), action, reason, message, wait);
        LOG.log(Level.INFO, "Sync of appointment {0} for staff {1} failed: {2}",
                new Object[] {row.appointmentId(), row.staffId(), reason});
        return new SyncResult(row.appointmentId(), false, "failed", reason, null);
    }

    private static ApiException notFound() {
        return ApiException.notFound("appointment_not_found", "No such appointment.");
    }
}
