package com.valorwell.calendar.probe;

import com.valorwell.calendar.connection.entity.ConnectionStatus;
import com.valorwell.calendar.connection.entity.StaffCalendarConnection;
import com.valorwell.calendar.platform.db.DatabaseRoles;
import com.valorwell.calendar.platform.problem.ApiException;
import com.valorwell.calendar.platform.security.Caller;
import com.valorwell.calendar.sync.entity.CalendarSyncLog;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Test-only EJB deployed beside the service in the integration tests: it reaches the
 * service's own persistence unit and role switching from inside the container, which
 * HTTP alone cannot (entity mapping, the pool's state between transactions).
 */
@Stateless
public class ProbeBean {

    @PersistenceContext(unitName = "calendar")
    EntityManager em;

    /** One user-scoped transaction, as a facade would run it. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public String actAsUserThenRead(Caller caller) {
        DatabaseRoles.actAsUser(em, caller);
        return (String) em.createNativeQuery("select current_user::text").getSingleResult();
    }

    @Inject
    ProbeReader reader;

    /**
     * The role set once in a transaction governs what another bean's EntityManager runs in
     * that transaction: the stores rely on it when their calls are grouped.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public String[] roleAcrossBeans() {
        DatabaseRoles.actAsService(em);
        String first = reader.currentUser();
        DatabaseRoles.actAsService(em);
        return new String[] {first, reader.currentUser()};
    }

    /** What a fresh transaction on a pooled connection runs as, before anyone sets a role. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public JsonObject sessionState() {
        Object[] row = (Object[]) em.createNativeQuery("select current_user::text, "
                + "coalesce(current_setting('request.jwt.claims', true), ''), "
                + "coalesce(current_setting('request.jwt.claim.sub', true), ''), "
                + "pg_backend_pid()").getSingleResult();
        return Json.createObjectBuilder().add("user", (String) row[0]).add("claims", (String) row[1])
                .add("sub", (String) row[2]).add("pid", ((Number) row[3]).intValue()).build();
    }

    /** Writes both entities with every column set, through JPA, as service_role. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public UUID[] writeEntities(UUID tenant, UUID staff, UUID appointment) {
        DatabaseRoles.actAsService(em);
        OffsetDateTime t = OffsetDateTime.of(2026, 11, 25, 9, 30, 15, 123_456_000, ZoneOffset.UTC);
        StaffCalendarConnection c = new StaffCalendarConnection(tenant, staff, t);
        c.setProvider("google");
        c.setAccessTokenEncrypted("v1.k1.iv.access");
        c.setRefreshTokenEncrypted("v1.k1.iv.refresh");
        c.setTokenExpiresAt(t.plusHours(1));
        c.setSelectedCalendarId("work@example.test");
        c.setConnectionStatus(ConnectionStatus.NEEDS_RECONNECT);
        c.setLastSyncAt(t.plusMinutes(1));
        c.setLastError("invalid_grant");
        c.setUpdatedAt(t.plusMinutes(2));
        c.setOauthStateNonceHash("ab".repeat(32));
        c.setGrantedScopes("scope-a scope-b");
        c.setTokenRefreshLeaseUntil(t.plusSeconds(30));
        em.persist(c);
        CalendarSyncLog l = new CalendarSyncLog(tenant, appointment, staff, t);
        l.setGoogleEventId("0123456789abcdef0123456789abcdef");
        l.setGoogleCalendarId("work@example.test");
        l.setSyncStatus("failed");
        l.setSyncDirection("outbound");
        l.setLastSyncedAt(t.plusMinutes(3));
        l.setErrorMessage("Google unavailable (503)");
        l.setRetryCount(3);
        l.setUpdatedAt(t.plusMinutes(4));
        l.setRequestedAction("delete");
        l.setNextAttemptAt(t.plusMinutes(5));
        l.setLeaseUntil(t.plusMinutes(6));
        l.setErrorCode("google_unavailable");
        em.persist(l);
        return new UUID[] {c.getId(), l.getId()};
    }

    /** Reads both entities back through JPA and renders every column. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public JsonObject readEntities(UUID connectionId, UUID logId) {
        DatabaseRoles.actAsService(em);
        StaffCalendarConnection c = em.find(StaffCalendarConnection.class, connectionId);
        CalendarSyncLog l = em.find(CalendarSyncLog.class, logId);
        return Json.createObjectBuilder()
                .add("connection", Json.createObjectBuilder()
                        .add("id", c.getId().toString()).add("tenant_id", c.getTenantId().toString())
                        .add("staff_id", c.getStaffId().toString()).add("provider", c.getProvider())
                        .add("access_token_encrypted", c.getAccessTokenEncrypted())
                        .add("refresh_token_encrypted", c.getRefreshTokenEncrypted())
                        .add("token_expires_at", instant(c.getTokenExpiresAt()))
                        .add("selected_calendar_id", c.getSelectedCalendarId())
                        .add("connection_status", c.getConnectionStatus().dbValue())
                        .add("last_sync_at", instant(c.getLastSyncAt())).add("last_error", c.getLastError())
                        .add("created_at", instant(c.getCreatedAt())).add("updated_at", instant(c.getUpdatedAt()))
                        .add("oauth_state_nonce_hash", c.getOauthStateNonceHash())
                        .add("granted_scopes", c.getGrantedScopes())
                        .add("token_refresh_lease_until", instant(c.getTokenRefreshLeaseUntil())))
                .add("log", Json.createObjectBuilder()
                        .add("id", l.getId().toString()).add("tenant_id", l.getTenantId().toString())
                        .add("appointment_id", l.getAppointmentId().toString())
                        .add("staff_id", l.getStaffId().toString()).add("google_event_id", l.getGoogleEventId())
                        .add("google_calendar_id", l.getGoogleCalendarId()).add("sync_status", l.getSyncStatus())
                        .add("sync_direction", l.getSyncDirection())
                        .add("last_synced_at", instant(l.getLastSyncedAt()))
                        .add("error_message", l.getErrorMessage()).add("retry_count", l.getRetryCount())
                        .add("created_at", instant(l.getCreatedAt())).add("updated_at", instant(l.getUpdatedAt()))
                        .add("requested_action", l.getRequestedAction())
                        .add("next_attempt_at", instant(l.getNextAttemptAt()))
                        .add("lease_until", instant(l.getLeaseUntil())).add("error_code", l.getErrorCode()))
                .build();
    }

    private static String instant(OffsetDateTime t) {
        return t.toInstant().truncatedTo(ChronoUnit.MICROS).toString();
    }

    public void failWithBusinessError() {
        throw new ApiException(409, "probe_conflict", "A business error raised inside an EJB.");
    }

    public void failUnexpectedly() {
        throw new IllegalStateException("select access_token_encrypted from staff_calendar_connections "
                + "-- PROBE-SECRET-VALUE");
    }
}
