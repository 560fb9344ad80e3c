package com.valorwell.calendar.connection.control;

import com.valorwell.calendar.connection.entity.ConnectionStatus;
import com.valorwell.calendar.connection.entity.StaffCalendarConnection;
import com.valorwell.calendar.google.entity.TokenGrant;
import com.valorwell.calendar.platform.crypto.TokenCipher;
import com.valorwell.calendar.platform.db.DatabaseRoles;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The connection row's short transactions, as {@code service_role}: the OAuth flow and
 * token refresh call Google between them and never hold a transaction or a row lock
 * across that call. Called from facades that run without a transaction, each method is
 * its own short transaction; a caller may group several in one.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRED)
public class ConnectionStore {

    static final String TABLE = "staff_calendar_connections";
    public static final String DEFAULT_CALENDAR = "primary";

    @PersistenceContext(unitName = "calendar")
    EntityManager em;

    @Inject
    TokenCipher cipher;

    @Inject
    Clock clock;

    OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    private Optional<StaffCalendarConnection> find(UUID staffId, boolean lock) {
        DatabaseRoles.actAsService(em);
        var query = em.createNamedQuery(StaffCalendarConnection.BY_STAFF, StaffCalendarConnection.class)
                .setParameter("staffId", staffId)
                .setParameter("provider", StaffCalendarConnection.GOOGLE);
        if (lock) {
            query.setLockMode(LockModeType.PESSIMISTIC_WRITE);
        }
        List<StaffCalendarConnection> rows = query.getResultList();
        return rows.stream().findFirst();
    }

    public Optional<StoredConnection> load(UUID staffId) {
        return find(staffId, false).map(StoredConnection::of);
    }

    /** auth-start: the newest state's nonce hash goes on the row (created disconnected if absent). */
    public void recordStart(UUID tenantId, UUID staffId, String nonceHash) {
        DatabaseRoles.actAsService(em);
        em.createNativeQuery("insert into staff_calendar_connections (tenant_id, staff_id, provider,"
                        + " connection_status, oauth_state_nonce_hash) values (?1, ?2, 'google', 'disconnected', ?3)"
                        + " on conflict (staff_id, provider) do update set oauth_state_nonce_hash = excluded.oauth_state_nonce_hash,"
                        + " updated_at = now()")
                .setParameter(1, tenantId)
                .setParameter(2, staffId)
                .setParameter(3, nonceHash)
                .executeUpdate();
    }

    /**
     * The callback's compare-and-clear of the state's nonce: true for exactly one caller
     * of the newest state; a replayed, raced or superseded state gets false.
     */
    public boolean consumeNonce(UUID staffId, String nonceHash) {
        DatabaseRoles.actAsService(em);
        return em.createNativeQuery("update staff_calendar_connections set oauth_state_nonce_hash = null"
                        + " where staff_id = ?1 and provider = 'google' and oauth_state_nonce_hash = ?2")
                .setParameter(1, staffId)
                .setParameter(2, nonceHash)
                .executeUpdate() == 1;
    }

    /** What saving a fresh grant came to. */
    public enum SaveResult { CONNECTED, NO_REFRESH_TOKEN, NO_ROW }

    /**
     * Stores a grant from the code exchange: both tokens encrypted, connected, last error
     * cleared, the selected calendar kept (else primary). Without a refresh token in the
     * grant the stored one is kept (re-encrypted under the current key); with none at
     * all, nothing is written.
     */
    public SaveResult saveGrant(UUID staffId, TokenGrant grant) {
        Optional<StaffCalendarConnection> found = find(staffId, true);
        if (found.isEmpty()) {
            return SaveResult.NO_ROW;
        }
        StaffCalendarConnection c = found.get();
        String refresh = grant.refreshToken();
        if (refresh == null) {
            if (c.getRefreshTokenEncrypted() == null) {
                return SaveResult.NO_REFRESH_TOKEN;
            }
            refresh = cipher.decrypt(c.getRefreshTokenEncrypted(), refreshAad(c.getId()));
        }
        OffsetDateTime now = now();
        c.setAccessTokenEncrypted(cipher.encrypt(grant.accessToken(), accessAad(c.getId())));
        c.setRefreshTokenEncrypted(cipher.encrypt(refresh, refreshAad(c.getId())));
        c.setTokenExpiresAt(now.plusSeconds(grant.expiresInSeconds()));
        c.setConnectionStatus(ConnectionStatus.CONNECTED);
        c.setLastError(null);
        c.setGrantedScopes(String.join(" ", grant.scopes()));
        c.setTokenRefreshLeaseUntil(null);
        if (c.getSelectedCalendarId() == null) {
            c.setSelectedCalendarId(DEFAULT_CALENDAR);
        }
        c.setUpdatedAt(now);
        requeueRowsWaitingForAConnection(staffId);
        return SaveResult.CONNECTED;
    }

    /** A reconnect makes the rows that failed for want of a connection due again (SPEC 5.6). */
    private void requeueRowsWaitingForAConnection(UUID staffId) {
        em.createNativeQuery("update calendar_sync_log set next_attempt_at = now(), retry_count = 0, updated_at = now()"
                        + " where staff_id = ?1 and sync_status = 'failed'"
                        + " and error_code in ('no_calendar_connection', 'needs_reconnect')")
                .setParameter(1, staffId)
                .executeUpdate();
    }

    /**
     * Takes the refresh lease of a connection whose token is still the one the caller saw
     * expiring, by compare-and-set: one refresher across all instances, no lock held.
     */
    public boolean tryRefreshLease(UUID connectionId, OffsetDateTime seenExpiry, Duration lease) {
        DatabaseRoles.actAsService(em);
        return em.createNativeQuery("update staff_calendar_connections set token_refresh_lease_until = ?1"
                        + " where id = ?2 and connection_status = 'connected'"
                        + " and coalesce(token_expires_at, timestamptz 'epoch') = ?3"
                        + " and (token_refresh_lease_until is null or token_refresh_lease_until < ?4)")
                .setParameter(1, now().plus(lease))
                .setParameter(2, connectionId)
                .setParameter(3, seenExpiry == null ? OffsetDateTime.parse("1970-01-01T00:00:00Z") : seenExpiry)
                .setParameter(4, now())
                .executeUpdate() == 1;
    }

    /** Stores a refreshed access token (and a rotated refresh token, if Google sent one) and frees the lease. */
    public void saveRefreshed(UUID staffId, TokenGrant grant) {
        StaffCalendarConnection c = find(staffId, true).orElseThrow();
        OffsetDateTime now = now();
        c.setAccessTokenEncrypted(cipher.encrypt(grant.accessToken(), accessAad(c.getId())));
        if (grant.refreshToken() != null) {
            c.setRefreshTokenEncrypted(cipher.encrypt(grant.refreshToken(), refreshAad(c.getId())));
        }
        c.setTokenExpiresAt(now.plusSeconds(grant.expiresInSeconds()));
        c.setTokenRefreshLeaseUntil(null);
        c.setUpdatedAt(now);
    }

    public void releaseLease(UUID connectionId) {
        DatabaseRoles.actAsService(em);
        em.createNativeQuery("update staff_calendar_connections set token_refresh_lease_until = null where id = ?1")
                .setParameter(1, connectionId)
                .executeUpdate();
    }

    /** A definite auth failure: the clinician must connect again. */
    public void markNeedsReconnect(UUID staffId, String lastError) {
        find(staffId, true).ifPresent(c -> {
            c.setConnectionStatus(ConnectionStatus.NEEDS_RECONNECT);
            c.setLastError(lastError);
            c.setTokenRefreshLeaseUntil(null);
            c.setUpdatedAt(now());
        });
    }

    /**
     * Disconnect: erases both tokens and marks the row disconnected; returns the
     * plaintext token to revoke at Google afterwards (outside this transaction), if any.
     */
    public Optional<String> disconnect(UUID staffId) {
        Optional<StaffCalendarConnection> found = find(staffId, true);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        StaffCalendarConnection c = found.get();
        Optional<String> toRevoke = Optional.empty();
        try {
            if (c.getRefreshTokenEncrypted() != null) {
                toRevoke = Optional.of(cipher.decrypt(c.getRefreshTokenEncrypted(), refreshAad(c.getId())));
            } else if (c.getAccessTokenEncrypted() != null) {
                toRevoke = Optional.of(cipher.decrypt(c.getAccessTokenEncrypted(), accessAad(c.getId())));
            }
        } catch (TokenCipher.TokenDecryptionException e) {
            // Nothing usable to revoke; erasing the ciphertext is all that is left to do.
        }
        c.setAccessTokenEncrypted(null);
        c.setRefreshTokenEncrypted(null);
        c.setTokenExpiresAt(null);
        c.setTokenRefreshLeaseUntil(null);
        c.setOauthStateNonceHash(null);
        c.setConnectionStatus(ConnectionStatus.DISCONNECTED);
        c.setUpdatedAt(now());
        return toRevoke;
    }

    public void selectCalendar(UUID staffId, String calendarId) {
        find(staffId, true).ifPresent(c -> {
            c.setSelectedCalendarId(calendarId);
            c.setUpdatedAt(now());
        });
    }

    public static String accessAad(UUID rowId) {
        return TokenCipher.boundTo(TABLE, rowId, "access_token_encrypted");
    }

    public static String refreshAad(UUID rowId) {
        return TokenCipher.boundTo(TABLE, rowId, "refresh_token_encrypted");
    }
}
