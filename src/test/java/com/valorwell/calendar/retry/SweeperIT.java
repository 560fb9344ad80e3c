package com.valorwell.calendar.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.valorwell.calendar.emulator.CapturedRequest;
import com.valorwell.calendar.emulator.Fault;
import com.valorwell.calendar.emulator.GoogleEmulator;
import com.valorwell.calendar.testsupport.Connected;
import com.valorwell.calendar.testsupport.Fixtures;
import com.valorwell.calendar.testsupport.Http;
import com.valorwell.calendar.testsupport.ItEnvironment;
import com.valorwell.calendar.testsupport.ServiceProcess;
import com.valorwell.calendar.testsupport.SigningKeys;
import com.valorwell.calendar.testsupport.TestDatabase;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The retry sweeper (SPEC 6) on two real instances: two {@code payara/run} processes on
 * one database of their own, sweeping every second with short backoff, against the
 * emulator. Nothing failed is forgotten, nothing is done twice.
 */
class SweeperIT {

    static TestDatabase server;
    static String database;
    static Connection db;
    static Fixtures fixtures;
    static GoogleEmulator google;
    static SigningKeys keys;
    static Map<String, String> settings;
    static ServiceProcess a;
    static ServiceProcess b;
    static Path dir;

    Fixtures.Tenant tenant;
    String account;
    String token;
    Http http;

    @BeforeAll
    static void twoInstances() throws Exception {
        ItEnvironment env = ItEnvironment.current();
        server = env.server();
        database = server.createDatabase("calsync_sweep");
        google = env.google();
        keys = env.keys();
        dir = Files.createTempDirectory("calendar-sync-sweeper");
        settings = new HashMap<>(env.settings());
        settings.put("DB_URL", server.url(database));
        settings.put("SYNC_SWEEP_INTERVAL", "PT1S");
        settings.put("SYNC_RETRY_BASE_DELAY", "PT1S");
        settings.put("SYNC_RETRY_MAX_DELAY", "PT2S");
        settings.put("SYNC_RETRY_MAX_ATTEMPTS", "3");
        settings.put("SYNC_SWEEP_BATCH", "50");
        settings.put("SYNC_SWEEP_CONCURRENCY", "8");
        a = ServiceProcess.start(settings, dir, "instance-a");
        b = ServiceProcess.start(settings, dir, "instance-b");
        db = server.connect(database);
        fixtures = new Fixtures(db);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (a != null) {
                a.close();
            }
            if (b != null) {
                b.close();
            }
        } finally {
            db.close();
            server.dropDatabase(database);
        }
    }

    @BeforeEach
    void clinician() throws Exception {
        google.clearFaults();
        tenant = fixtures.tenant();
        account = "sweep-" + UUID.randomUUID() + "@example.test";
        token = keys.token(tenant.clinicianProfile());
        http = a.http();
        Connected.connect(fixtures, google, settings.get("TOKEN_ENCRYPTION_KEY"), tenant.id(), tenant.clinicianStaff(),
                account);
    }

    UUID appointment(int hour) throws Exception {
        return Connected.appointment(fixtures, tenant.id(), tenant.clinicianStaff(),
                OffsetDateTime.of(2026, 12, 3, hour, 0, 0, 0, ZoneOffset.UTC), 45, "UTC");
    }

    Http.Response sync(UUID appointment, String action) {
        return http.post("functions/v1/google-calendar-sync-appointment", token,
                "{\"appointment_id\":\"" + appointment + "\",\"action\":\"" + action + "\"}");
    }

    List<Object> column(String sql, Object... args) throws Exception {
        try (PreparedStatement s = db.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            List<Object> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getObject(1));
                }
            }
            return out;
        }
    }

    String status(UUID appointment) throws Exception {
        return (String) column("select sync_status from calendar_sync_log where appointment_id = ?", appointment).get(0);
    }

    int retryCount(UUID appointment) throws Exception {
        return (Integer) column("select retry_count from calendar_sync_log where appointment_id = ?", appointment).get(0);
    }

    List<?> live() {
        return google.events(account).stream().filter(e -> !"cancelled".equals(e.getString("status", ""))).toList();
    }

    int insertsOn(String calendar) {
        int n = 0;
        for (CapturedRequest r : google.requests("events.insert")) {
            if (URLDecoder.decode(r.path(), StandardCharsets.UTF_8).contains("/calendars/" + calendar + "/")) {
                n++;
            }
        }
        return n;
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(200);
        }
    }

    static BooleanSupplier unchecked(ThrowingBoolean b) {
        return () -> {
            try {
                return b.get();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    interface ThrowingBoolean {
        boolean get() throws Exception;
    }

    @Test
    void afterAnOutageEveryRowEndsSyncedWithOneEventEach() throws Exception {
        google.addFault(Fault.on("events.insert").status(503).reason("backendError"));
        List<UUID> appointments = new ArrayList<>();
        for (int h = 8; h < 13; h++) {
            UUID id = appointment(h);
            appointments.add(id);
            assertEquals("google_unavailable", sync(id, "create").json().getString("reason"));
        }
        google.clearFaults();
        await("every row synced", Duration.ofSeconds(60), unchecked(() -> {
            for (UUID id : appointments) {
                if (!"synced".equals(status(id))) {
                    return false;
                }
            }
            return true;
        }));
        assertEquals(5, live().size());
        assertEquals(5, google.events(account).size(), "one event each");
    }

    @Test
    void retryAfterIsRespected() throws Exception {
        UUID id = appointment(9);
        google.addFault(Fault.on("events.insert").status(429).reason("rateLimitExceeded").retryAfter("4").count(1));
        long before = System.nanoTime();
        assertEquals("rate_limited", sync(id, "create").json().getString("reason"));
        Thread.sleep(2000);
        assertEquals("failed", status(id), "not retried before Retry-After");
        await("synced after Retry-After", Duration.ofSeconds(40), unchecked(() -> "synced".equals(status(id))));
        assertTrue(System.nanoTime() - before >= Duration.ofSeconds(4).toNanos());
        assertEquals(1, live().size());
    }

    @Test
    void aRowOutOfAttemptsStaysDeadUntilRetried() throws Exception {
        UUID id = appointment(10);
        google.addFault(Fault.on("events.insert").status(503).reason("backendError"));
        assertFalse(sync(id, "create").json().getBoolean("synced"));
        await("three attempts", Duration.ofSeconds(40), unchecked(() -> retryCount(id) >= 3));
        Thread.sleep(4000);
        assertEquals(3, retryCount(id), "dead: no fourth attempt");
        assertEquals("failed", status(id));
        google.clearFaults();
        Thread.sleep(3000);
        assertEquals("failed", status(id), "still dead after Google recovered");
        String admin = keys.token(tenant.adminProfile());
        Http.Response retry = http.post("functions/v1/google-calendar-sync-retry", admin, "{}");
        assertEquals(200, retry.status(), retry::toString);
        assertEquals(1, retry.json().getInt("requeued"));
        await("synced after sync-retry", Duration.ofSeconds(30), unchecked(() -> "synced".equals(status(id))));
        assertEquals(1, live().size());
    }

    @Test
    void aStalePendingRowLeftByACrashedInstanceIsTakenOver() throws Exception {
        UUID id = appointment(11);
        fixtures.exec("insert into calendar_sync_log (tenant_id, appointment_id, staff_id, sync_status, requested_action,"
                + " lease_until) values (?, ?, ?, 'pending', 'upsert', now() - interval '1 minute')",
                tenant.id(), id, tenant.clinicianStaff());
        await("taken over", Duration.ofSeconds(30), unchecked(() -> "synced".equals(status(id))));
        assertEquals(1, live().size());
    }

    @Test
    void aCancelledAppointmentsRetryDeletesInsteadOfRecreating() throws Exception {
        UUID id = appointment(12);
        assertTrue(sync(id, "create").json().getBoolean("synced"));
        google.addFault(Fault.on("events.update").status(503).reason("backendError"));
        fixtures.exec("update appointments set start_at = start_at + interval '1 hour', end_at = end_at + interval '1 hour'"
                + " where id = ?", id);
        assertFalse(sync(id, "update").json().getBoolean("synced"));
        fixtures.exec("update appointments set status = 'cancelled' where id = ?", id);
        google.clearFaults();
        await("removed by the retry", Duration.ofSeconds(30), unchecked(() -> "synced".equals(status(id))));
        assertEquals(0, live().size(), "the cancelled appointment's event is gone, not updated");
    }

    @Test
    void needsReconnectRowsWaitForTheReconnectThenDrain() throws Exception {
        google.revokeTokens(account);
        fixtures.exec("update staff_calendar_connections set token_expires_at = now() - interval '1 minute'"
                + " where staff_id = ?", tenant.clinicianStaff());
        UUID id = appointment(13);
        assertEquals("needs_reconnect", sync(id, "create").json().getString("reason"));
        Thread.sleep(3000);
        assertEquals("failed", status(id), "waits: the connection is not connected");
        assertEquals(1, retryCount(id));
        // Reconnect through the real flow.
        google.setAutoApprove(true);
        google.setConsentAccount(account);
        Http.Response start = http.post("functions/v1/google-calendar-auth-start", token, "{}");
        Http.Response consent = http.send(HttpRequest.newBuilder(URI.create(start.json().getString("url"))).GET().build());
        String query = URI.create(consent.header("Location")).getRawQuery();
        Http.Response callback = http.get("functions/v1/google-calendar-auth-callback?" + query, null);
        assertTrue(callback.header("Location").contains("google_calendar=connected"), callback::toString);
        await("drained after reconnect", Duration.ofSeconds(30), unchecked(() -> "synced".equals(status(id))));
        assertEquals(1, live().size());
    }

    @Test
    void twoInstancesWorkFiveHundredDueRowsExactlyOnce() throws Exception {
        List<String> calendars = new ArrayList<>();
        List<UUID> staffs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String acct = "many-" + i + "-" + UUID.randomUUID() + "@example.test";
            UUID profile = fixtures.profile(tenant.id(), "staff");
            UUID staff = fixtures.staff(tenant.id(), profile);
            Connected.connect(fixtures, google, settings.get("TOKEN_ENCRYPTION_KEY"), tenant.id(), staff, acct);
            // Named, so the emulator's captured paths tell the calendars apart.
            fixtures.exec("update staff_calendar_connections set selected_calendar_id = ? where staff_id = ?", acct, staff);
            calendars.add(acct);
            staffs.add(staff);
        }
        int before = 0;
        for (String c : calendars) {
            before += insertsOn(c);
        }
        assertEquals(0, before);
        // 500 rows failed earlier and now due, as an outage would leave them.
        fixtures.exec("""
                with s as (select unnest(?::uuid[]) as staff_id),
                     a as (insert into appointments (tenant_id, staff_id, start_at, end_at, time_zone, status)
                           select ?, s.staff_id, timestamptz '2026-12-10 09:00Z' + g * interval '1 hour',
                                  timestamptz '2026-12-10 09:45Z' + g * interval '1 hour', 'UTC', 'scheduled'
                             from s, generate_series(1, 50) g
                           returning id, tenant_id, staff_id)
                insert into calendar_sync_log (tenant_id, appointment_id, staff_id, sync_status, requested_action,
                                               retry_count, error_code, error_message, next_attempt_at)
                select tenant_id, id, staff_id, 'failed', 'upsert', 1, 'google_unavailable', 'outage', now() from a
                """, staffs.toArray(UUID[]::new), tenant.id());
        await("500 rows synced", Duration.ofSeconds(180), unchecked(() -> ((Number) column(
                "select count(*) from calendar_sync_log where tenant_id = ? and sync_status = 'synced'"
                        + " and staff_id = any(?)", tenant.id(), staffs.toArray(UUID[]::new)).get(0)).intValue() == 500));
        int inserts = 0;
        int events = 0;
        for (String c : calendars) {
            inserts += insertsOn(c);
            events += google.events(c).size();
        }
        assertEquals(500, events, "one event per row");
        assertEquals(500, inserts, "each row worked exactly once");
        assertEquals(0, ((Number) column("select count(*) from calendar_sync_log where tenant_id = ?"
                + " and sync_status <> 'synced' and staff_id = any(?)", tenant.id(), staffs.toArray(UUID[]::new)).get(0))
                .intValue(), "none left behind");
        assertTrue(a.log().contains("Retry sweep worked"), "instance A swept");
        assertTrue(b.log().contains("Retry sweep worked"), "instance B swept");
    }
}
