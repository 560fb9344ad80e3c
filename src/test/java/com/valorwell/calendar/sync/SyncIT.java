package com.valorwell.calendar.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.valorwell.calendar.emulator.CalendarSpec;
import com.valorwell.calendar.emulator.CapturedRequest;
import com.valorwell.calendar.emulator.Fault;
import com.valorwell.calendar.testsupport.Connected;
import com.valorwell.calendar.testsupport.DeployedServiceIT;
import com.valorwell.calendar.testsupport.Fixtures;
import com.valorwell.calendar.testsupport.Http;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * google-calendar-sync-appointment through HTTP: one event per appointment, only the
 * allowed fields, idempotent and race-free, moved and removed as the appointment row
 * says, and failures recorded for retry. Emulator call counts prove the Google calls.
 */
class SyncIT extends DeployedServiceIT {




    Fixtures.Tenant tenant;
    String token;
    String account;
    OffsetDateTime start;



    @BeforeEach
    void connectedClinician() throws Exception {
        tenant = fixtures.tenant();
        token = keys.token(tenant.clinicianProfile());
        account = "sync-" + UUID.randomUUID() + "@example.test";
        connect(tenant, tenant.clinicianStaff(), account);
        start = OffsetDateTime.of(2026, 12, 1, 9, 0, 0, 0, ZoneOffset.ofHours(-5));
    }

    Http.Response sync(UUID appointment, String action) {
        return sync(token, appointment, action);
    }

    Http.Response sync(String as, UUID appointment, String action) {
        return http.post("functions/v1/google-calendar-sync-appointment", as,
                "{\"appointment_id\":\"" + appointment + "\",\"action\":\"" + action + "\"}");
    }

    UUID appointment() throws Exception {
        return Connected.appointment(fixtures, tenant.id(), tenant.clinicianStaff(), start, 50, "America/New_York");
    }

    List<JsonObject> live(String calendar) {
        return google.events(calendar).stream().filter(e -> !"cancelled".equals(e.getString("status", ""))).toList();
    }

    Map<String, Object> logRow(UUID appointment, UUID staff) throws Exception {
        try (PreparedStatement s = db.prepareStatement(
                "select * from calendar_sync_log where appointment_id = ? and staff_id = ?")) {
            s.setObject(1, appointment);
            s.setObject(2, staff);
            try (ResultSet rs = s.executeQuery()) {
                assertTrue(rs.next(), "a log row");
                Map<String, Object> m = new HashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    m.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
                }
                return m;
            }
        }
    }

    void assertSynced(Http.Response r) {
        assertEquals(200, r.status(), r::toString);
        assertTrue(r.json().getBoolean("synced"), r::toString);
        assertEquals("synced", r.json().getString("sync_status"), r::toString);
    }

    @Test
    void createMakesOneEventWithOnlyTheAllowedFields() throws Exception {
        UUID appointment = appointment();
        int inserts = google.callCount("events.insert");
        Http.Response r = sync(appointment, "create");
        assertSynced(r);
        String eventId = r.json().getString("google_event_id");
        assertTrue(eventId.matches("[0-9a-f]{32}"));
        assertEquals(inserts + 1, google.callCount("events.insert"), "exactly one Google call");
        List<JsonObject> events = live(account);
        assertEquals(1, events.size());
        assertEquals(eventId, events.get(0).getString("id"));

        List<CapturedRequest> captured = google.requests("events.insert");
        CapturedRequest insert = captured.get(captured.size() - 1);
        assertTrue(insert.query().contains("sendUpdates=none"), insert.query());
        JsonObject body = Json.createReader(new StringReader(insert.body())).readObject();
        assertEquals(Set.of("id", "summary", "start", "end"), body.keySet());
        assertEquals("ValorWell", body.getString("summary"));
        assertEquals(Set.of("dateTime", "timeZone"), body.getJsonObject("start").keySet());
        assertEquals("America/New_York", body.getJsonObject("start").getString("timeZone"));
        assertTrue(body.getJsonObject("start").getString("dateTime").endsWith("-05:00"), body::toString);
        assertEquals(start.toInstant(), OffsetDateTime.parse(body.getJsonObject("start").getString("dateTime")).toInstant());
        assertFalse(insert.body().contains(appointment.toString()), "no appointment id in clear text");
        Map<String, Object> row = logRow(appointment, tenant.clinicianStaff());
        assertEquals("synced", row.get("sync_status"));
        assertEquals(eventId, row.get("google_event_id"));
        assertEquals("primary", row.get("google_calendar_id"));
        assertFalse(http.get("functions/v1/google-calendar-connection", token).json().isNull("last_sync_at"));
    }

    @Test
    void invalidTimeZoneIsLeftOutAndTheOffsetKept() throws Exception {
        UUID appointment = Connected.appointment(fixtures, tenant.id(), tenant.clinicianStaff(), start, 50, "Eastern-ish");
        assertSynced(sync(appointment, "create"));
        List<CapturedRequest> captured = google.requests("events.insert");
        JsonObject body = Json.createReader(new StringReader(captured.get(captured.size() - 1).body())).readObject();
        assertEquals(Set.of("dateTime"), body.getJsonObject("start").keySet());
    }

    @Test
    void createTwiceMakesOneEvent() throws Exception {
        UUID appointment = appointment();
        assertSynced(sync(appointment, "create"));
        assertSynced(sync(appointment, "create"));
        assertEquals(1, google.events(account).size());
    }

    @Test
    void twentyConcurrentCreatesMakeOneEvent() throws Exception {
        UUID appointment = appointment();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Callable<Http.Response>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                calls.add(() -> sync(appointment, "create"));
            }
            for (Future<Http.Response> f : pool.invokeAll(calls)) {
                assertSynced(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, google.events(account).size());
    }

    @Test
    void eventStoredThenTimedOutIsFoundByTheRetry() throws Exception {
        UUID appointment = appointment();
        google.addFault(Fault.on("events.insert").storeThenTimeout(true).latencyMs(5000).count(1));
        Http.Response first = sync(appointment, "create");
        assertEquals(200, first.status(), first::toString);
        assertFalse(first.json().getBoolean("synced"));
        assertEquals("google_unavailable", first.json().getString("reason"));
        assertEquals("failed", logRow(appointment, tenant.clinicianStaff()).get("sync_status"));
        assertEquals(1, google.events(account).size(), "Google stored it although the service timed out");
        assertSynced(sync(appointment, "create"));
        assertEquals(1, google.events(account).size());
    }

    @Test
    void updateMovesTheTimesOfTheSameEvent() throws Exception {
        UUID appointment = appointment();
        String id = sync(appointment, "create").json().getString("google_event_id");
        fixtures.exec("update appointments set start_at = start_at + interval '2 hours', end_at = end_at + interval '2 hours'"
                + " where id = ?", appointment);
        int updates = google.callCount("events.update");
        Http.Response r = sync(appointment, "update");
        assertSynced(r);
        assertEquals(id, r.json().getString("google_event_id"));
        assertEquals(updates + 1, google.callCount("events.update"), "exactly one Google call");
        JsonObject event = live(account).get(0);
        assertEquals(start.plusHours(2).toInstant(),
                OffsetDateTime.parse(event.getJsonObject("start").getString("dateTime")).toInstant());
        assertEquals(1, google.events(account).size());
    }

    @Test
    void updateWithNothingMappedCreates() throws Exception {
        UUID appointment = appointment();
        assertSynced(sync(appointment, "update"));
        assertEquals(1, live(account).size());
    }

    @Test
    void cancelledAppointmentIsDeletedAndDeleteTwiceIsOk() throws Exception {
        UUID appointment = appointment();
        assertSynced(sync(appointment, "create"));
        fixtures.exec("update appointments set status = 'cancelled' where id = ?", appointment);
        int deletes = google.callCount("events.delete");
        assertSynced(sync(appointment, "update"));
        assertEquals(deletes + 1, google.callCount("events.delete"), "exactly one Google call");
        assertEquals(0, live(account).size());
        for (int i = 0; i < 2; i++) {
            Http.Response again = sync(appointment, "delete");
            assertEquals(200, again.status(), again::toString);
            assertTrue(again.json().getBoolean("synced"), "nothing left to delete is success");
        }
        assertEquals(deletes + 1, google.callCount("events.delete"), "a removed event is not deleted again");
        assertEquals(0, live(account).size());
    }

    @Test
    void deleteWithNothingMappedSucceeds() throws Exception {
        Http.Response r = sync(appointment(), "delete");
        assertEquals(200, r.status(), r::toString);
        assertTrue(r.json().getBoolean("synced"));
        assertEquals("skipped", r.json().getString("sync_status"));
    }

    @Test
    void goneOrMissingAtGoogleCountsAsDeleted() throws Exception {
        UUID appointment = appointment();
        assertSynced(sync(appointment, "create"));
        google.addFault(Fault.on("events.delete").status(410).reason("deleted").count(1));
        assertSynced(sync(appointment, "delete"));
        UUID other = appointment();
        assertSynced(sync(other, "create"));
        google.addFault(Fault.on("events.delete").status(404).reason("notFound").count(1));
        assertSynced(sync(other, "delete"));
    }

    @Test
    void deletingAnAppointmentWhoseRowIsGoneStillRemovesItsEvent() throws Exception {
        UUID appointment = appointment();
        assertSynced(sync(appointment, "create"));
        fixtures.exec("delete from appointments where id = ?", appointment);
        assertSynced(sync(appointment, "delete"));
        assertEquals(0, live(account).size());
        Http.Response update = sync(appointment, "update");
        assertEquals(404, update.status());
        assertEquals("appointment_not_found", update.json().getString("code"));
    }

    @Test
    void createAfterDeleteMakesTheEventVisibleAgain() throws Exception {
        UUID appointment = appointment();
        assertSynced(sync(appointment, "create"));
        assertSynced(sync(appointment, "delete"));
        assertEquals(0, live(account).size());
        assertSynced(sync(appointment, "create"));
        assertEquals(1, live(account).size());
        assertEquals(1, google.events(account).size());
    }

    @Test
    void reassignmentMovesTheEventToTheNewClinician() throws Exception {
        String otherAccount = "other-" + account;
        connect(tenant, tenant.otherClinicianStaff(), otherAccount);
        UUID appointment = appointment();
        assertSynced(sync(appointment, "create"));
        fixtures.exec("update appointments set staff_id = ? where id = ?", tenant.otherClinicianStaff(), appointment);
        assertSynced(sync(appointment, "update"));
        assertEquals(0, live(account).size(), "the old calendar is empty");
        assertEquals(1, live(otherAccount).size(), "the new one holds it");
        int calls = google.callCount("events.delete");
        assertSynced(sync(appointment, "update"));
        assertEquals(calls, google.callCount("events.delete"), "the old event is not deleted again");
    }

    @Test
    void updatesGoToTheCalendarTheEventLivesOn() throws Exception {
        google.addAccount(account, new CalendarSpec(account, "Me", "owner", true, "UTC"),
                new CalendarSpec("work-" + account, "Work", "owner", false, "UTC"));
        UUID appointment = appointment();
        assertSynced(sync(appointment, "create"));
        fixtures.exec("update staff_calendar_connections set selected_calendar_id = ? where staff_id = ?",
                "work-" + account, tenant.clinicianStaff());
        fixtures.exec("update appointments set start_at = start_at + interval '1 hour', end_at = end_at + interval '1 hour'"
                + " where id = ?", appointment);
        assertSynced(sync(appointment, "update"));
        assertEquals(1, live(account).size());
        assertEquals(0, live("work-" + account).size());
        UUID next = appointment();
        assertSynced(sync(next, "create"));
        assertEquals(1, live("work-" + account).size(), "new appointments go to the newly chosen calendar");
    }

    @Test
    void withoutAConnectionTheRowFailsForWantOfOne() throws Exception {
        UUID appointment = Connected.appointment(fixtures, tenant.id(), tenant.otherClinicianStaff(), start, 50, null);
        Http.Response r = sync(appointment, "create");
        assertEquals(200, r.status(), r::toString);
        assertFalse(r.json().getBoolean("synced"));
        assertEquals("failed", r.json().getString("sync_status"));
        assertEquals("no_calendar_connection", r.json().getString("reason"));
        Map<String, Object> row = logRow(appointment, tenant.otherClinicianStaff());
        assertEquals("failed", row.get("sync_status"));
        assertEquals(1, row.get("retry_count"));
        assertTrue(((String) row.get("error_message")).length() > 0);
    }

    @Test
    void googleOutagesFailTheRowAndLeaveTheConnection() throws Exception {
        UUID appointment = appointment();
        google.addFault(Fault.on("events.insert").status(503).reason("backendError").count(1));
        Http.Response r = sync(appointment, "create");
        assertEquals("google_unavailable", r.json().getString("reason"), r::toString);
        google.addFault(Fault.on("events.insert").status(429).reason("rateLimitExceeded").retryAfter("120").count(1));
        Http.Response limited = sync(appointment, "create");
        assertEquals("rate_limited", limited.json().getString("reason"), limited::toString);
        Map<String, Object> row = logRow(appointment, tenant.clinicianStaff());
        assertEquals("failed", row.get("sync_status"));
        assertEquals(2, row.get("retry_count"));
        java.time.Instant next = ((java.sql.Timestamp) row.get("next_attempt_at")).toInstant();
        assertTrue(next.isAfter(java.time.Instant.now().plusSeconds(100)), "Retry-After is kept for the sweeper");
        assertEquals("connected", http.get("functions/v1/google-calendar-connection", token).json().getString("status"));
    }

    @Test
    void unauthorizedWithAFreshTokenMeansNeedsReconnect() throws Exception {
        UUID appointment = appointment();
        int refreshes = google.callCount("token.refresh_token");
        google.addFault(Fault.on("events.insert").status(401).reason("authError").count(2));
        Http.Response r = sync(appointment, "create");
        assertEquals("needs_reconnect", r.json().getString("reason"), r::toString);
        assertEquals(refreshes + 1, google.callCount("token.refresh_token"), "one refresh before giving up");
        assertEquals("needs_reconnect", http.get("functions/v1/google-calendar-connection", token).json().getString("status"));
    }

    @Test
    void invalidGrantMeansNeedsReconnect() throws Exception {
        google.revokeTokens(account);
        fixtures.exec("update staff_calendar_connections set token_expires_at = now() - interval '1 minute'"
                + " where staff_id = ?", tenant.clinicianStaff());
        Http.Response r = sync(appointment(), "create");
        assertEquals("needs_reconnect", r.json().getString("reason"), r::toString);
        assertEquals("needs_reconnect", http.get("functions/v1/google-calendar-connection", token).json().getString("status"));
    }

    @Test
    void otherTenantsAndClientsMayNotSync() throws Exception {
        UUID appointment = appointment();
        Fixtures.Tenant other = fixtures.tenant();
        Http.Response foreign = sync(keys.token(other.clinicianProfile()), appointment, "create");
        assertEquals(404, foreign.status(), foreign::toString);
        assertEquals("appointment_not_found", foreign.json().getString("code"));
        Http.Response unknown = sync(UUID.randomUUID(), "create");
        assertEquals(404, unknown.status());
        Http.Response client = sync(keys.token(tenant.clientProfile()), appointment, "create");
        assertEquals(403, client.status(), client::toString);
        assertEquals("forbidden", client.json().getString("code"));
        assertSynced(sync(keys.token(tenant.adminProfile()), appointment, "create"));
        Http.Response badAction = sync(appointment, "upsert");
        assertEquals(400, badAction.status());
        assertEquals("invalid_request", badAction.json().getString("code"));
    }

    @Test
    void metricsCountSyncsAndGoogleCalls() throws Exception {
        assertSynced(sync(appointment(), "create"));
        String metrics = http.get("metrics", null).body();
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("calendar_sync_operations_total")
                || l.contains("calendar_sync_operations_total{")), metrics);
        assertTrue(metrics.contains("action=\"create\""), "by action");
        assertTrue(metrics.contains("outcome=\"synced\""), "by outcome");
        assertTrue(metrics.contains("calendar_google_calls_total"), "Google calls");
        assertTrue(metrics.contains("operation=\"events.insert\""), "by operation");
        assertTrue(metrics.contains("calendar_google_call_seconds"), "Google latency");
    }
}
