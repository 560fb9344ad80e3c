package com.valorwell.calendar.operations.boundary;

import com.valorwell.calendar.identity.control.Directory;
import com.valorwell.calendar.platform.config.Setting;
import com.valorwell.calendar.platform.config.Settings;
import com.valorwell.calendar.platform.db.DatabaseRoles;
import com.valorwell.calendar.platform.problem.ApiException;
import com.valorwell.calendar.platform.security.Caller;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The admin's view of their clinic's sync (SPEC 5.7): counts, the failed rows, and
 * making rows due again. Authorization first (admin of the tenant), then the queries run
 * as service_role, always scoped to that one tenant.
 */
@Stateless
public class SyncOperations {

    @PersistenceContext(unitName = "calendar")
    EntityManager em;

    @Inject
    Directory directory;

    @Inject
    Settings settings;

    /** The answer of sync-status. */
    public record SyncStatus(Map<String, Long> sync, Map<String, Long> connections, Long oldestFailedAgeSeconds) {
    }

    /** One failed row. */
    public record Failure(UUID appointmentId, UUID staffId, int retryCount, String errorMessage, String updatedAt) {
    }

    /** A page of failed rows; {@code next} is the cursor of the following page, or null. */
    public record Failures(List<Failure> items, String next) {
    }

    /** The answer of sync-retry. */
    public record Requeued(long requeued) {
    }

    public SyncStatus status(Caller caller, UUID tenantId) {
        UUID tenant = directory.adminTenantOf(caller, tenantId);
        DatabaseRoles.actAsService(em);
        int max = settings.integer(Setting.SYNC_RETRY_MAX_ATTEMPTS);
        Object[] s = (Object[]) em.createNativeQuery("""
                select count(*) filter (where sync_status = 'synced'),
                       count(*) filter (where sync_status = 'pending'),
                       count(*) filter (where sync_status = 'failed'),
                       count(*) filter (where sync_status = 'failed' and retry_count >= ?2),
                       extract(epoch from now() - min(updated_at) filter (where sync_status = 'failed'))::bigint
                  from calendar_sync_log where tenant_id = ?1""")
                .setParameter(1, tenant).setParameter(2, max).getSingleResult();
        Map<String, Long> sync = new LinkedHashMap<>();
        sync.put("synced", number(s[0]));
        sync.put("pending", number(s[1]));
        sync.put("failed", number(s[2]));
        sync.put("dead", number(s[3]));
        Object[] c = (Object[]) em.createNativeQuery("""
                select count(*) filter (where connection_status = 'connected'),
                       count(*) filter (where connection_status = 'needs_reconnect'),
                       count(*) filter (where connection_status = 'disconnected')
                  from staff_calendar_connections where tenant_id = ?1""")
                .setParameter(1, tenant).getSingleResult();
        Map<String, Long> connections = new LinkedHashMap<>();
        connections.put("connected", number(c[0]));
        connections.put("needs_reconnect", number(c[1]));
        connections.put("disconnected", number(c[2]));
        return new SyncStatus(sync, connections, s[4] == null ? null : number(s[4]));
    }

    /** Failed rows newest first, keyset-paged on (updated_at, id) so equal times neither repeat nor vanish. */
    public Failures failures(Caller caller, UUID tenantId, int limit, String after) {
        if (limit < 1 || limit > 100) {
            throw ApiException.invalidRequest("limit", "must be between 1 and 100");
        }
        UUID tenant = directory.adminTenantOf(caller, tenantId);
        Cursor cursor = after == null || after.isBlank() ? null : Cursor.parse(after);
        DatabaseRoles.actAsService(em);
        var query = em.createNativeQuery("select appointment_id, staff_id, retry_count, error_message, updated_at, id"
                        + " from calendar_sync_log where tenant_id = ?1 and sync_status = 'failed'"
                        + (cursor == null ? "" : " and (updated_at, id) < (?3, ?4)")
                        + " order by updated_at desc, id desc limit ?2")
                .setParameter(1, tenant)
                .setParameter(2, limit + 1);
        if (cursor != null) {
            query.setParameter(3, Timestamp.from(cursor.updatedAt())).setParameter(4, cursor.id());
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        List<Failure> items = new ArrayList<>();
        for (Object[] r : rows.subList(0, Math.min(limit, rows.size()))) {
            items.add(new Failure((UUID) r[0], (UUID) r[1], ((Number) r[2]).intValue(), (String) r[3],
                    instant(r[4]).toString()));
        }
        String next = null;
        if (rows.size() > limit) {
            Object[] last = rows.get(limit - 1);
            next = new Cursor(instant(last[4]), (UUID) last[5]).encode();
        }
        return new Failures(items, next);
    }

    /** Makes one appointment's failed rows, or all the tenant's dead rows, due now with fresh attempts. */
    public Requeued retry(Caller caller, UUID tenantId, UUID appointmentId) {
        UUID tenant = directory.adminTenantOf(caller, tenantId);
        DatabaseRoles.actAsService(em);
        if (appointmentId != null) {
            Number known = (Number) em.createNativeQuery(
                            "select count(*) from calendar_sync_log where tenant_id = ?1 and appointment_id = ?2")
                    .setParameter(1, tenant).setParameter(2, appointmentId).getSingleResult();
            if (known.longValue() == 0) {
                throw ApiException.notFound("appointment_not_found", "No sync record for that appointment.");
            }
            return new Requeued(em.createNativeQuery("update calendar_sync_log set retry_count = 0,"
                            + " next_attempt_at = now(), updated_at = now()"
                            + " where tenant_id = ?1 and appointment_id = ?2 and sync_status = 'failed'")
                    .setParameter(1, tenant).setParameter(2, appointmentId).executeUpdate());
        }
        return new Requeued(em.createNativeQuery("update calendar_sync_log set retry_count = 0,"
                        + " next_attempt_at = now(), updated_at = now()"
                        + " where tenant_id = ?1 and sync_status = 'failed' and retry_count >= ?2")
                .setParameter(1, tenant)
                .setParameter(2, settings.integer(Setting.SYNC_RETRY_MAX_ATTEMPTS))
                .executeUpdate());
    }

    private static long number(Object o) {
        return o == null ? 0 : ((Number) o).longValue();
    }

    private static Instant instant(Object o) {
        return o instanceof OffsetDateTime odt ? odt.toInstant() : ((Timestamp) o).toInstant();
    }

    /** The opaque keyset cursor: the last row's updated_at (microseconds) and id. */
    record Cursor(Instant updatedAt, UUID id) {
        String encode() {
            long micros = updatedAt.getEpochSecond() * 1_000_000 + updatedAt.getNano() / 1_000;
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((micros + "|" + id).getBytes(StandardCharsets.US_ASCII));
        }

        static Cursor parse(String text) {
            try {
                String[] p = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.US_ASCII).split("\\|");
                long micros = Long.parseLong(p[0]);
                return new Cursor(Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1_000),
                        UUID.fromString(p[1]));
            } catch (RuntimeException e) {
                throw ApiException.invalidRequest("after", "is not a cursor this service gave out");
            }
        }
    }
}
