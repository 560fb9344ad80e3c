package com.valorwell.calendar.bench;

import com.valorwell.calendar.emulator.GoogleEmulator;
import com.valorwell.calendar.platform.config.Setting;
import com.valorwell.calendar.platform.crypto.TokenCipher;
import com.valorwell.calendar.testsupport.SigningKeys;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The benchmark's clinic, written straight into the database as the EHR and a finished
 * connect flow would leave it: one tenant, clinicians whose Google calendars are
 * connected (tokens issued by the emulator, encrypted under the run's key exactly as the
 * service stores them), and their scheduled appointments. Three clinicians are kept
 * apart from the load so that single measurements see nothing else on their calendars.
 */
final class Clinic {

    static final String TABLE = "staff_calendar_connections";
    static final String ZONE = "America/New_York";

    /** A connected clinician and a token to call the service as them. */
    record Clinician(UUID profile, UUID staff, String account, String jwt) {
    }

    /** A scheduled appointment and the clinician it belongs to. */
    record Appointment(UUID id, Clinician clinician) {
    }

    final UUID tenant;
    final List<Clinician> load;
    /** Used alone for the Google-calls-per-operation figures. */
    final Clinician probe;
    /** Used alone for the concurrent token refresh. */
    final Clinician refresh;
    /** Used alone for the cached availability figure. */
    final Clinician cache;
    /** The load clinicians' appointments, interleaved by clinician. */
    final List<Appointment> appointments;
    final OffsetDateTime firstStart;

    private Clinic(UUID tenant, List<Clinician> load, Clinician probe, Clinician refresh, Clinician cache,
            List<Appointment> appointments, OffsetDateTime firstStart) {
        this.tenant = tenant;
        this.load = load;
        this.probe = probe;
        this.refresh = refresh;
        this.cache = cache;
        this.appointments = appointments;
        this.firstStart = firstStart;
    }

    /**
     * Seeds {@code clinicians} load clinicians with {@code appointmentsEach} appointments
     * each, one hour apart from tomorrow on, plus the three clinicians kept apart.
     */
    static Clinic seed(DataSource ds, GoogleEmulator google, SigningKeys keys, String tokenKey, int clinicians,
            int appointmentsEach) throws SQLException {
        TokenCipher cipher = new TokenCipher(Setting.decodeAesKey(tokenKey).orElseThrow(), List.of());
        OffsetDateTime first = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.HOURS).plusDays(1);
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            UUID tenant = UUID.randomUUID();
            exec(c, "insert into tenants (id, name) values (?, 'Benchmark Clinic')", tenant);
            List<Clinician> load = new ArrayList<>();
            for (int i = 0; i < clinicians; i++) {
                load.add(clinician(c, google, keys, cipher, tenant, "bench-" + i));
            }
            Clinician probe = clinician(c, google, keys, cipher, tenant, "bench-probe");
            Clinician refresh = clinician(c, google, keys, cipher, tenant, "bench-refresh");
            Clinician cache = clinician(c, google, keys, cipher, tenant, "bench-cache");
            List<Appointment> appointments = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("insert into appointments"
                    + " (id, tenant_id, staff_id, start_at, end_at, time_zone, status) values (?, ?, ?, ?, ?, ?, 'scheduled')")) {
                for (int j = 0; j < appointmentsEach; j++) {
                    for (Clinician who : load) {
                        UUID id = UUID.randomUUID();
                        OffsetDateTime start = first.plusHours(j);
                        s.setObject(1, id);
                        s.setObject(2, tenant);
                        s.setObject(3, who.staff());
                        s.setObject(4, start);
                        s.setObject(5, start.plusMinutes(50));
                        s.setString(6, ZONE);
                        s.addBatch();
                        appointments.add(new Appointment(id, who));
                    }
                    s.executeBatch();
                }
            }
            c.commit();
            return new Clinic(tenant, List.copyOf(load), probe, refresh, cache, List.copyOf(appointments), first);
        }
    }

    private static Clinician clinician(Connection c, GoogleEmulator google, SigningKeys keys, TokenCipher cipher,
            UUID tenant, String name) throws SQLException {
        UUID profile = UUID.randomUUID();
        UUID staff = UUID.randomUUID();
        String account = name + "@bench.example.test";
        exec(c, "insert into profiles (id, email) values (?, ?)", profile, account);
        exec(c, "insert into tenant_memberships (tenant_id, profile_id, role) values (?, ?, 'staff')", tenant, profile);
        exec(c, "insert into staff (id, tenant_id, profile_id, display_name) values (?, ?, ?, ?)",
                staff, tenant, profile, name);
        GoogleEmulator.IssuedTokens issued = google.issueTokens(account, List.of(GoogleEmulator.SCOPE_EVENTS,
                GoogleEmulator.SCOPE_FREEBUSY, GoogleEmulator.SCOPE_CALENDARLIST_READONLY));
        UUID row = UUID.randomUUID();
        exec(c, "insert into staff_calendar_connections (id, tenant_id, staff_id, connection_status,"
                + " selected_calendar_id, access_token_encrypted, refresh_token_encrypted, token_expires_at, granted_scopes)"
                + " values (?, ?, ?, 'connected', 'primary', ?, ?, now() + interval '1 hour', ?)",
                row, tenant, staff,
                cipher.encrypt(issued.accessToken(), TokenCipher.boundTo(TABLE, row, "access_token_encrypted")),
                cipher.encrypt(issued.refreshToken(), TokenCipher.boundTo(TABLE, row, "refresh_token_encrypted")),
                String.join(" ", issued.scopes()));
        String jwt = keys.es256(SigningKeys.claims(profile, Duration.ofHours(2)).build());
        return new Clinician(profile, staff, account, jwt);
    }

    /** A new scheduled appointment for one clinician, starting at {@code start}. */
    static UUID appointment(DataSource ds, UUID tenant, Clinician who, OffsetDateTime start) throws SQLException {
        UUID id = UUID.randomUUID();
        try (Connection c = ds.getConnection()) {
            exec(c, "insert into appointments (id, tenant_id, staff_id, start_at, end_at, time_zone, status)"
                    + " values (?, ?, ?, ?, ?, ?, 'scheduled')", id, tenant, who.staff(), start, start.plusMinutes(50), ZONE);
        }
        return id;
    }

    /**
     * Moves appointments a day later, as the EHR does before it asks for an update, so
     * that every update sent afterwards carries a real change.
     */
    static void moveByADay(DataSource ds, List<UUID> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (Connection c = ds.getConnection();
                PreparedStatement s = c.prepareStatement("update appointments set start_at = start_at + interval '1 day',"
                        + " end_at = end_at + interval '1 day', updated_at = now() where id = any (?)")) {
            s.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            s.executeUpdate();
        }
    }

    /** Makes the stored access token look expired, so the next request must refresh it. */
    static void expireStoredToken(DataSource ds, UUID staff) throws SQLException {
        try (Connection c = ds.getConnection()) {
            exec(c, "update staff_calendar_connections set token_expires_at = now() - interval '1 minute'"
                    + " where staff_id = ?", staff);
        }
    }

    static void exec(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            s.execute();
        }
    }
}
