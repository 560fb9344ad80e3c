package com.valorwell.calendar.connection.control;

import com.valorwell.calendar.connection.entity.ConnectionStatus;
import com.valorwell.calendar.connection.entity.StaffCalendarConnection;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A connection row as read in one short transaction, tokens still encrypted. */
public record StoredConnection(UUID id, UUID tenantId, UUID staffId, ConnectionStatus status,
        String accessTokenEncrypted, String refreshTokenEncrypted, OffsetDateTime tokenExpiresAt,
        String selectedCalendarId, String grantedScopes, OffsetDateTime lastSyncAt, String lastError) {

    static StoredConnection of(StaffCalendarConnection c) {
        return new StoredConnection(c.getId(), c.getTenantId(), c.getStaffId(), c.getConnectionStatus(),
                c.getAccessTokenEncrypted(), c.getRefreshTokenEncrypted(), c.getTokenExpiresAt(),
                c.getSelectedCalendarId(), c.getGrantedScopes(), c.getLastSyncAt(), c.getLastError());
    }

    @Override
    public String toString() {
        return "StoredConnection[" + id + ", " + status + "]";
    }
}
