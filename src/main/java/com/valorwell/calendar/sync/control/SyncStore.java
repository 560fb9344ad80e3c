package com.valorwell.calendar.sync.control;

import com.valorwell.calendar.platform.db.DatabaseRoles;
import com.valorwell.calendar.sync.entity.Appointment;
import com.valorwell.calendar.sync.entity.LogRow;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The sync log's short transactions, as {@code service_role}. A sync claims its row
 * (pending, with a lease) before calling Google and records the outcome after, so no
 * transaction or row lock is ever held across a Google call, while two syncs of one
 * appointment never work at the same time. Called from facades that run without a
 * transaction, each method is its own short transaction; a caller may group several in
 * one (see {@code Transactions}) to save round trips.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRED)
public class SyncStore {

    private static final String ROW = "id, tenant_id, appointment_id, staff_id, google_event_id, google_calendar_id,"
            + " sync_status, requested_action, retry_count";

    @PersistenceContext(unitName = "calendar")
    EntityManager em;

    public Optional<Appointment> appointment(UUID id) {
        DatabaseRoles.actAsService(em);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select id, tenant_id, staff_id, start_at, end_at, time_zone, status"
                        + " from public.appointments where id = ?1")
                .setParameter(1, id)
                .getResultList();
        return rows.stream().findFirst().map(r -> {
            String zone = (String) r[5];
            return new Appointment((UUID) r[0], (UUID) r[1], (UUID) r[2], local(r[3], zone), local(r[4], zone),
                    zone, (String) r[6]);
        });
    }

    /**
     * A timestamptz as the appointment's own local time: in its IANA zone when it has a
     * valid one (so Google shows the offset the clinician knows), else in UTC.
     */
    private static OffsetDateTime local(Object timestamp, String zone) {
        Instant instant = timestamp instanceof OffsetDateTime odt ? odt.toInstant() : ((Timestamp) timestamp).toInstant();
        String iana = TimeZones.ianaOrNull(zone);
        return instant.atZone(iana == null ? ZoneOffset.UTC : ZoneId.of(iana)).toOffsetDateTime();
    }

    public List<LogRow> rows(UUID appointmentId) {
        DatabaseRoles.actAsService(em);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select " + ROW + " from calendar_sync_log where appointment_id = ?1"
                        + " order by staff_id")
                .setParameter(1, appointmentId)
                .getResultList();
        return rows.stream().map(SyncStore::logRow).toList();
    }

    /**
     * Claims the (appointment, staff) row for one sync: creates it if absent, then marks
     * it pending with a lease, unless another sync holds an unexpired lease on it (then
     * empty). Returns the row as it was before the claim, so the caller knows what the
     * last sync achieved. The row lock lasts only this short transaction.
     */
    public Optional<LogRow> claim(UUID tenantId, UUID appointmentId, UUID staffId, String action, Duration lease) {
        DatabaseRoles.actAsService(em);
        em.createNativeQuery("insert into calendar_sync_log (tenant_id, appointment_id, staff_id, sync_status,"
                        + " requested_action) values (?1, ?2, ?3, 'pending', ?4)"
                        + " on conflict (appointment_id, staff_id) do nothing")
                .setParameter(1, tenantId)
                .setParameter(2, appointmentId)
                .setParameter(3, staffId)
                .setParameter(4, action)
                .executeUpdate();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select " + ROW + ", coalesce(lease_until > now(), false)"
                        + " from calendar_sync_log where appointment_id = ?1 and staff_id = ?2 for update")
                .setParameter(1, appointmentId)
                .setParameter(2, staffId)
                .getResultList();
        Object[] row = rows.get(0);
        if ((Boolean) row[row.length - 1]) {
            return Optional.empty();
        }
        LogRow before = logRow(row);
        em.createNativeQuery("update calendar_sync_log set sync_status = 'pending',"
                        + " lease_until = now() + ?2 * interval '1 millisecond', updated_at = now() where id = ?1")
                .setParameter(1, before.id())
                .setParameter(2, lease.toMillis())
                .executeUpdate();
        return Optional.of(before);
    }

    /** The row reached {@code action} (upsert: the event exists; delete: it is gone); the lease is released. */
    public void succeeded(UUID rowId, String action, String eventId, String calendarId) {
        DatabaseRoles.actAsService(em);
        em.createNativeQuery("update calendar_sync_log set sync_status = 'synced', requested_action = ?4,"
                        + " google_event_id = ?2, google_calendar_id = ?3, last_synced_at = now(), error_message = null,"
                        + " error_code = null, retry_count = 0, next_attempt_at = null, lease_until = null,"
                        + " updated_at = now() where id = ?1")
                .setParameter(1, rowId)
                .setParameter(2, eventId)
                .setParameter(3, calendarId)
                .setParameter(4, action)
                .executeUpdate();
    }

    /** The connection's last successful sync. */
    public void touchConnection(UUID staffId) {
        DatabaseRoles.actAsService(em);
        em.createNativeQuery("update staff_calendar_connections set last_sync_at = now() where staff_id = ?1"
                        + " and provider = 'google'")
                .setParameter(1, staffId)
                .executeUpdate();
    }

    /** The attempt failed; the row waits for the sweeper (or a person, once out of attempts). */
    public void failed(UUID rowId, String action, String code, String message, Duration retryIn) {
        DatabaseRoles.actAsService(em);
        em.createNativeQuery("update calendar_sync_log set sync_status = 'failed', requested_action = ?5,"
                        + " error_code = ?2, error_message = ?3,"
                        + " retry_count = retry_count + 1, next_attempt_at = now() + ?4 * interval '1 millisecond',"
                        + " lease_until = null, updated_at = now() where id = ?1")
                .setParameter(1, rowId)
                .setParameter(2, code)
                .setParameter(3, message)
                .setParameter(4, retryIn.toMillis())
                .setParameter(5, action)
                .executeUpdate();
    }

    private static LogRow logRow(Object[] r) {
        return new LogRow((UUID) r[0], (UUID) r[1], (UUID) r[2], (UUID) r[3], (String) r[4], (String) r[5],
                (String) r[6], (String) r[7], ((Number) r[8]).intValue());
    }
}
