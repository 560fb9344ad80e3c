package com.valorwell.calendar.availability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.valorwell.calendar.emulator.Fault;
import com.valorwell.calendar.testsupport.Connected;
import com.valorwell.calendar.testsupport.DeployedServiceIT;
import com.valorwell.calendar.testsupport.Fixtures;
import com.valorwell.calendar.testsupport.Http;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * google-calendar-get-availability through HTTP: never falsely free. Merged busy blocks,
 * tenant membership, range checks, statuses, Google failures as 503, the cache and its
 * single flight, invalidation by a sync, and the rate limit.
 */
class AvailabilityIT extends DeployedServiceIT {

    static final String MIN = "2026-12-01T08:00:00-05:00";
    static final String MAX = "2026-12-01T18:00:00-05:00";




    Fixtures.Tenant tenant;
    String clinician;
    String account;



    @BeforeEach
    void connectedClinician() throws Exception {
        tenant = fixtures.tenant();
        clinician = keys.token(tenant.clinicianProfile());
        account = "avail-" + UUID.randomUUID() + "@example.test";
        connect(tenant, tenant.clinicianStaff(), account);
    }

    Http.Response ask(String as, UUID staff, String min, String max) {
        return http.post("functions/v1/google-calendar-get-availability", as,
                "{\"staff_id\":\"" + staff + "\",\"time_min\":\"" + min + "\",\"time_max\":\"" + max + "\"}");
    }

    Http.Response ask(String as) {
        return ask(as, tenant.clinicianStaff(), MIN, MAX);
    }

    void busy(String start, String end) {
        google.addBusy(account, Instant.parse(start), Instant.parse(end));
    }

    static List<String> blocks(Http.Response r) {
        return r.json().getJsonArray("busy").getValuesAs(JsonObject.class).stream()
                .map(b -> b.getString("start") + "/" + b.getString("end")).toList();
    }

    void assertUnavailable(Http.Response r) {
        assertEquals(503, r.status(), r::toString);
        assertEquals("google_unavailable", r.json().getString("code"));
        assertNotNull(r.header("Retry-After"), "Retry-After");
    }

    @Test
    void busyBlocksComeMergedSortedAndClipped() {
        busy("2026-12-01T19:00:00Z", "2026-12-01T20:00:00Z");   // adjacent to the next
        busy("2026-12-01T20:00:00Z", "2026-12-01T20:30:00Z");
        busy("2026-12-01T14:30:00Z", "2026-12-01T16:00:00Z");   // overlaps the next
        busy("2026-12-01T15:30:00Z", "2026-12-01T17:00:00Z");
        busy("2026-12-01T15:45:00Z", "2026-12-01T16:15:00Z");   // nested
        busy("2026-12-01T11:00:00Z", "2026-12-01T13:30:00Z");   // starts before the range (13:00Z)
        busy("2026-12-01T22:00:00Z", "2026-12-01T23:30:00Z");   // ends after it (23:00Z)
        busy("2026-12-02T01:00:00Z", "2026-12-02T02:00:00Z");   // outside
        Http.Response r = ask(clinician);
        assertEquals(200, r.status(), r::toString);
        assertEquals("connected", r.json().getString("status"));
        assertEquals(tenant.clinicianStaff().toString(), r.json().getString("staff_id"));
        assertEquals(List.of("2026-12-01T13:00:00Z/2026-12-01T13:30:00Z", "2026-12-01T14:30:00Z/2026-12-01T17:00:00Z",
                "2026-12-01T19:00:00Z/2026-12-01T20:30:00Z", "2026-12-01T22:00:00Z/2026-12-01T23:00:00Z"), blocks(r));
        for (JsonObject b : r.json().getJsonArray("busy").getValuesAs(JsonObject.class)) {
            assertEquals(java.util.Set.of("start", "end"), b.keySet());
        }
    }

    @Test
    void anyMemberOfTheClinicMayAskAndNoOneElse() {
        assertEquals(200, ask(keys.token(tenant.clientProfile())).status());
        assertEquals(200, ask(keys.token(tenant.adminProfile())).status());
        assertEquals(200, ask(keys.token(tenant.otherClinicianProfile())).status());
        Fixtures.Tenant other = fixtures.tenant();
        Http.Response foreign = ask(keys.token(other.clientProfile()));
        assertEquals(404, foreign.status(), foreign::toString);
        assertEquals("staff_not_found", foreign.json().getString("code"));
        Http.Response unknown = ask(clinician, UUID.randomUUID(), MIN, MAX);
        assertEquals(404, unknown.status());
        assertEquals("staff_not_found", unknown.json().getString("code"));
        assertEquals(401, ask(null).status());
    }

    @Test
    void badRangesAreRefused() {
        for (String[] range : new String[][] {{MAX, MIN}, {MIN, MIN},
                {"2026-12-01T00:00:00Z", "2027-02-01T00:00:01Z"}}) {
            Http.Response r = ask(clinician, tenant.clinicianStaff(), range[0], range[1]);
            assertEquals(400, r.status(), r::toString);
            assertEquals("invalid_range", r.json().getString("code"));
        }
        assertEquals(200, ask(clinician, tenant.clinicianStaff(), "2026-12-01T00:00:00Z", "2027-02-01T00:00:00Z").status(),
                "62 days is allowed");
        Http.Response noOffset = ask(clinician, tenant.clinicianStaff(), "2026-12-01T08:00:00", MAX);
        assertEquals("invalid_request", noOffset.json().getString("code"));
        Http.Response missing = http.post("functions/v1/google-calendar-get-availability", clinician,
                "{\"staff_id\":\"" + tenant.clinicianStaff() + "\",\"time_min\":\"" + MIN + "\"}");
        assertEquals(400, missing.status());
        assertTrue(missing.json().getString("detail").contains("time_max"));
    }

    @Test
    void withoutAUsableConnectionTheStatusSaysSoAndNothingIsFree() throws Exception {
        Http.Response none = ask(clinician, tenant.otherClinicianStaff(), MIN, MAX);
        assertEquals(200, none.status());
        assertEquals("not_connected", none.json().getString("status"));
        assertEquals(0, none.json().getJsonArray("busy").size());
        fixtures.exec("update staff_calendar_connections set connection_status = 'needs_reconnect' where staff_id = ?",
                tenant.clinicianStaff());
        busy("2026-12-01T14:00:00Z", "2026-12-01T15:00:00Z");
        Http.Response r = ask(clinician);
        assertEquals("needs_reconnect", r.json().getString("status"));
        assertEquals(0, r.json().getJsonArray("busy").size());
    }

    @Test
    void googleFailuresAreUnavailableNeverAnEmptyList() {
        busy("2026-12-01T14:00:00Z", "2026-12-01T15:00:00Z");
        for (int status : new int[] {500, 503, 429}) {
            google.addFault(Fault.on("freeBusy.query").status(status).reason("backendError").retryAfter("9").count(1));
            Http.Response r = ask(clinician);
            assertUnavailable(r);
        }
        google.addFault(Fault.on("freeBusy.query").latencyMs(5000).count(1));
        assertUnavailable(ask(clinician));
        google.forceFreeBusyError(account, "backendError");
        try {
            assertUnavailable(ask(clinician));
        } finally {
            google.forceFreeBusyError(account, null);
        }
        Http.Response ok = ask(clinician);
        assertEquals(200, ok.status(), "failures were not cached");
        assertEquals(1, ok.json().getJsonArray("busy").size());
    }

    @Test
    void theSameQuestionWithinTheTtlCostsOneGoogleCall() {
        int calls = google.callCount("freeBusy.query");
        assertEquals(200, ask(clinician).status());
        assertEquals(200, ask(clinician).status());
        assertEquals(200, ask(keys.token(tenant.clientProfile())).status());
        assertEquals(calls + 1, google.callCount("freeBusy.query"));
    }

    @Test
    void twentyIdenticalConcurrentQuestionsCostOneGoogleCall() throws Exception {
        google.addFault(Fault.on("freeBusy.query").latencyMs(500).count(5));
        int calls = google.callCount("freeBusy.query");
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Callable<Integer>> asks = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                asks.add(() -> ask(clinician).status());
            }
            for (Future<Integer> f : pool.invokeAll(asks)) {
                assertEquals(200, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(calls + 1, google.callCount("freeBusy.query"));
    }

    @Test
    void aSyncOnTheClinicianDropsTheCachedAnswer() throws Exception {
        assertEquals(0, blocks(ask(clinician)).size());
        UUID appointment = Connected.appointment(fixtures, tenant.id(), tenant.clinicianStaff(),
                OffsetDateTime.of(2026, 12, 1, 10, 0, 0, 0, ZoneOffset.ofHours(-5)), 60, "America/New_York");
        Http.Response sync = http.post("functions/v1/google-calendar-sync-appointment", clinician,
                "{\"appointment_id\":\"" + appointment + "\",\"action\":\"create\"}");
        assertTrue(sync.json().getBoolean("synced"), sync::toString);
        assertEquals(List.of("2026-12-01T15:00:00Z/2026-12-01T16:00:00Z"), blocks(ask(clinician)));
    }

    @Test
    void tooManyQuestionsAreRateLimited() {
        String caller = keys.token(tenant.adminProfile());
        Http.Response last = null;
        for (int i = 0; i < 125 && (last == null || last.status() == 200); i++) {
            last = ask(caller);
        }
        assertEquals(429, last.status(), last::toString);
        assertEquals("rate_limited", last.json().getString("code"));
        assertTrue(Integer.parseInt(last.header("Retry-After")) >= 1);
        assertEquals(200, ask(clinician).status(), "other callers are not limited");
    }
}
