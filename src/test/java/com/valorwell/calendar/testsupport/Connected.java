package com.valorwell.calendar.testsupport;

import com.valorwell.calendar.emulator.GoogleEmulator;
import com.valorwell.calendar.platform.config.Setting;
import com.valorwell.calendar.platform.crypto.TokenCipher;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Puts a clinician in the connected state without the browser: tokens issued by the
 * emulator, encrypted exactly as the service stores them, under the run's key.
 */
public final class Connected {

    public static final List<String> ALL_SCOPES = List.of(GoogleEmulator.SCOPE_EVENTS, GoogleEmulator.SCOPE_FREEBUSY,
            GoogleEmulator.SCOPE_CALENDARLIST_READONLY);
    private static final String TABLE = "staff_calendar_connections";

    private Connected() {
    }

    /** Connects {@code staff} to the emulator account {@code account}; returns the connection row id. */
    public static UUID connect(Fixtures fixtures, GoogleEmulator google, String encryptionKey, UUID tenant, UUID staff,
            String account) throws SQLException {
        GoogleEmulator.IssuedTokens tokens = google.issueTokens(account, ALL_SCOPES);
        TokenCipher cipher = new TokenCipher(Setting.decodeAesKey(encryptionKey).orElseThrow(), List.of());
        UUID id = UUID.randomUUID();
        fixtures.exec("insert into staff_calendar_connections (id, tenant_id, staff_id, connection_status,"
                        + " selected_calendar_id, access_token_encrypted, refresh_token_encrypted, token_expires_at,"
                        + " granted_scopes) values (?, ?, ?, 'connected', 'primary', ?, ?, ?, ?)",
                id, tenant, staff,
                cipher.encrypt(tokens.accessToken(), TokenCipher.boundTo(TABLE, id, "access_token_encrypted")),
                cipher.encrypt(tokens.refreshToken(), TokenCipher.boundTo(TABLE, id, "refresh_token_encrypted")),
                OffsetDateTime.now().plusSeconds(tokens.expiresIn()), String.join(" ", ALL_SCOPES));
        return id;
    }

    /** An appointment row as the EHR writes it. */
    public static UUID appointment(Fixtures fixtures, UUID tenant, UUID staff, OffsetDateTime start, int minutes,
            String timeZone) throws SQLException {
        UUID id = UUID.randomUUID();
        fixtures.exec("insert into appointments (id, tenant_id, staff_id, client_id, start_at, end_at, time_zone, status)"
                + " values (?, ?, ?, ?, ?, ?, ?, 'scheduled')", id, tenant, staff, UUID.randomUUID(), start,
                start.plusMinutes(minutes), timeZone);
        return id;
    }
}
