package com.valorwell.calendar.connection.boundary;

import com.valorwell.calendar.connection.entity.ConnectionStatus;
import com.valorwell.calendar.identity.control.Directory;
import com.valorwell.calendar.identity.entity.StaffMember;
import com.valorwell.calendar.platform.db.DatabaseRoles;
import com.valorwell.calendar.platform.security.Caller;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * The facade of a clinician's own Google connection. The connection is read as the
 * caller ({@code authenticated} with their claims), so the database's RLS, not this
 * code, decides that only their own row is visible.
 */
@Stateless
public class Connections {

    @PersistenceContext(unitName = "calendar")
    EntityManager em;

    @Inject
    Directory directory;

    public ConnectionView connectionOf(Caller caller) {
        StaffMember staff = directory.staffOf(caller);
        return readAsUser(caller, staff.id());
    }

    /**
     * The connection row of {@code staffId} as the caller may see it: only the columns
     * {@code authenticated} may read, and nothing at all when RLS hides the row.
     */
    public ConnectionView readAsUser(Caller caller, UUID staffId) {
        DatabaseRoles.actAsUser(em, caller);
        List<Object[]> rows = em.createQuery(
                        "select c.connectionStatus, c.selectedCalendarId, c.lastSyncAt, c.lastError "
                                + "from StaffCalendarConnection c where c.staffId = :staffId and c.provider = 'google'",
                        Object[].class)
                .setParameter("staffId", staffId)
                .getResultList();
        if (rows.isEmpty()) {
            return ConnectionView.notConnected();
        }
        Object[] row = rows.get(0);
        return new ConnectionView(ConnectionStatus.fromDb((String) row[0]).dbValue(), (String) row[1],
                (OffsetDateTime) row[2], (String) row[3]);
    }
}
