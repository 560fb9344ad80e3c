package com.valorwell.calendar.retry.control;

import com.valorwell.calendar.platform.db.DatabaseRoles;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Finds and takes the sweeper's work in one short transaction: due rows are locked with
 * {@code FOR UPDATE SKIP LOCKED}, so several instances never take the same row, and
 * pushed out of due-ness by a lease, so a taken row is not taken again until the work on
 * it ends (or the instance that took it is gone for a whole lease). Due: failed, below
 * the maximum attempts, connection connected, backoff elapsed; or pending with an
 * expired lease (left by a crashed instance).
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class DueRows {

    /** A row to retry: which appointment, for which tenant, to achieve what. */
    public record Due(UUID rowId, UUID appointmentId, UUID tenantId, String requestedAction) {
    }

    @PersistenceContext(unitName = "calendar")
    EntityManager em;

    public List<Due> take(int batch, int maxAttempts, Duration lease) {
        DatabaseRoles.actAsService(em);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                select l.id, l.appointment_id, l.tenant_id, l.requested_action
                  from calendar_sync_log l
                  left join staff_calendar_connections c on c.staff_id = l.staff_id and c.provider = 'google'
                 where (l.sync_status = 'failed' and l.retry_count < ?1
                        and coalesce(l.next_attempt_at, l.updated_at) <= now()
                        and c.connection_status = 'connected')
                    or (l.sync_status = 'pending' and l.lease_until < now()
                        and coalesce(l.next_attempt_at, l.lease_until) <= now())
                 order by l.next_attempt_at nulls first, l.id
                 limit ?2
                 for update of l skip locked""")
                .setParameter(1, maxAttempts)
                .setParameter(2, batch)
                .getResultList();
        if (rows.isEmpty()) {
            return List.of();
        }
        List<UUID> ids = rows.stream().map(r -> (UUID) r[0]).toList();
        em.createNativeQuery("update calendar_sync_log set next_attempt_at = now() + ?1 * interval '1 millisecond'"
                        + " where id = any(?2)")
                .setParameter(1, lease.toMillis())
                .setParameter(2, ids.toArray(UUID[]::new))
                .executeUpdate();
        return rows.stream().map(r -> new Due((UUID) r[0], (UUID) r[1], (UUID) r[2], (String) r[3])).toList();
    }
}
