package com.valorwell.calendar.connection.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A clinician's Google connection: one row per (staff, provider), columns exactly as the
 * brief names them plus the service's bookkeeping (see db/migration/). Holds encrypted
 * tokens, so it is never serialised into a response.
 */
@Entity
@Table(name = "staff_calendar_connections")
@NamedQuery(name = StaffCalendarConnection.BY_STAFF,
        query = "select c from StaffCalendarConnection c where c.staffId = :staffId and c.provider = :provider")
public class StaffCalendarConnection {

    public static final String BY_STAFF = "StaffCalendarConnection.byStaff";
    public static final String GOOGLE = "google";

    @Id
    @Column(name = "id")
    private UUID id;

    @Column(name = "tenant_id", nullable = false)
    private UUID tenantId;

    @Column(name = "staff_id", nullable = false)
    private UUID staffId;

    @Column(name = "provider", nullable = false)
    private String provider = GOOGLE;

    @Column(name = "access_token_encrypted")
    private String accessTokenEncrypted;

    @Column(name = "refresh_token_encrypted")
    private String refreshTokenEncrypted;

    @Column(name = "token_expires_at")
    private OffsetDateTime tokenExpiresAt;

    @Column(name = "selected_calendar_id")
    private String selectedCalendarId;

    @Column(name = "connection_status", nullable = false)
    private String connectionStatus = ConnectionStatus.DISCONNECTED.dbValue();

    @Column(name = "last_sync_at")
    private OffsetDateTime lastSyncAt;

    @Column(name = "last_error")
    private String lastError;

    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    private OffsetDateTime updatedAt;

    @Column(name = "oauth_state_nonce_hash")
    private String oauthStateNonceHash;

    @Column(name = "granted_scopes")
    private String grantedScopes;

    @Column(name = "token_refresh_lease_until")
    private OffsetDateTime tokenRefreshLeaseUntil;

    public StaffCalendarConnection() {
    }

    public StaffCalendarConnection(UUID tenantId, UUID staffId, OffsetDateTime now) {
        this.id = UUID.randomUUID();
        this.tenantId = tenantId;
        this.staffId = staffId;
        this.createdAt = now;
        this.updatedAt = now;
    }

    public UUID getId() {
        return id;
    }

    public void setId(UUID id) {
        this.id = id;
    }

    public UUID getTenantId() {
        return tenantId;
    }

    public void setTenantId(UUID tenantId) {
        this.tenantId = tenantId;
    }

    public UUID getStaffId() {
        return staffId;
    }

    public void setStaffId(UUID staffId) {
        this.staffId = staffId;
    }

    public String getProvider() {
        return provider;
    }

    public void setProvider(String provider) {
        this.provider = provider;
    }

    public String getAccessTokenEncrypted() {
        return accessTokenEncrypted;
    }

    public void setAccessTokenEncrypted(String accessTokenEncrypted) {
        this.accessTokenEncrypted = accessTokenEncrypted;
    }

    public String getRefreshTokenEncrypted() {
        return refreshTokenEncrypted;
    }

    public void setRefreshTokenEncrypted(String refreshTokenEncrypted) {
        this.refreshTokenEncrypted = refreshTokenEncrypted;
    }

    public OffsetDateTime getTokenExpiresAt() {
        return tokenExpiresAt;
    }

    public void setTokenExpiresAt(OffsetDateTime tokenExpiresAt) {
        this.tokenExpiresAt = tokenExpiresAt;
    }

    public String getSelectedCalendarId() {
        return selectedCalendarId;
    }

    public void setSelectedCalendarId(String selectedCalendarId) {
        this.selectedCalendarId = selectedCalendarId;
    }

    public ConnectionStatus getConnectionStatus() {
        return ConnectionStatus.fromDb(connectionStatus);
    }

    public void setConnectionStatus(ConnectionStatus connectionStatus) {
        this.connectionStatus = connectionStatus.dbValue();
    }

    public OffsetDateTime getLastSyncAt() {
        return lastSyncAt;
    }

    public void setLastSyncAt(OffsetDateTime lastSyncAt) {
        this.lastSyncAt = lastSyncAt;
    }

    public String getLastError() {
        return lastError;
    }

    public void setLastError(String lastError) {
        this.lastError = lastError;
    }

    public OffsetDateTime getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(OffsetDateTime createdAt) {
        this.createdAt = createdAt;
    }

    public OffsetDateTime getUpdatedAt() {
        return updatedAt;
    }

    public void setUpdatedAt(OffsetDateTime updatedAt) {
        this.updatedAt = updatedAt;
    }

    public String getOauthStateNonceHash() {
        return oauthStateNonceHash;
    }

    public void setOauthStateNonceHash(String oauthStateNonceHash) {
        this.oauthStateNonceHash = oauthStateNonceHash;
    }

    public String getGrantedScopes() {
        return grantedScopes;
    }

    public void setGrantedScopes(String grantedScopes) {
        this.grantedScopes = grantedScopes;
    }

    public OffsetDateTime getTokenRefreshLeaseUntil() {
        return tokenRefreshLeaseUntil;
    }

    public void setTokenRefreshLeaseUntil(OffsetDateTime tokenRefreshLeaseUntil) {
        this.tokenRefreshLeaseUntil = tokenRefreshLeaseUntil;
    }
}
