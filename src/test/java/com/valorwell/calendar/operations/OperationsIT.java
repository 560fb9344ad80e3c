package com.valorwell.calendar.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.valorwell.calendar.emulator.Fault;
import com.valorwell.calendar.testsupport.Connected;
import com.valorwell.calendar.testsupport.DeployedServiceIT;
import com.valorwell.calendar.testsupport.Fixtures;
import com.valorwell.calendar.testsupport.Http;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The admin endpoints and the metrics through HTTP: counts match the rows, failures page
 * stably, only the tenant's admin sees them, and the counters read what happened.
 */
class OperationsIT extends DeployedServiceIT {




    Fixtures.Tenant tenant;
    String admin;



    @BeforeEach
    void clinic() {
        tenant = fixtures.tenant();
        admin = keys.token(tenant.adminProfile());
    }

    /** A log row straight in the database, as syncs would have left it. */
    void row(UUID staff, String status, int retries, String updatedAt) throws Exception {
        fixtures.exec("insert into calendar_sync_log (tenant_id, appointment_id, staff_id, sync_status, retry_count,"
                + " error_message, error_code, updated_at) values (?, ?, ?, ?, ?, 'Google unavailable (HTTP 503)',"
                + " 'google_unavailable', " + updatedAt + ")", tenant.id(), UUID.randomUUID(), staff, status, retries);
    }

    @Test
    void statusCountsMatchTheRows() throws Exception {
        for (int i = 0; i < 3; i++) {
            row(tenant.clinicianStaff(), "synced", 0, "now()");
        }
        row(tenant.clinicianStaff(), "pending", 0, "now()");
        row(tenant.clinicianStaff(), "failed", 1, "now() - interval '10 minutes'");
        row(tenant.otherClinicianStaff(), "failed", 8, "now() - interval '1 minute'");
        fixtures.connection(tenant.id(), tenant.clinicianStaff(), "connected", "primary");
        fixtures.connection(tenant.id(), tenant.otherClinicianStaff(), "needs_reconnect", "primary");
        Fixtures.Tenant other = fixtures.tenant();
        fixtures.exec("insert into calendar_sync_log (tenant_id, appointment_id, staff_id, sync_status) values (?, ?, ?,"
                + " 'failed')", other.id(), UUID.randomUUID(), other.clinicianStaff());

        Http.Response r = http.get("functions/v1/google-calendar-sync-status", admin);
        assertEquals(200, r.status(), r::toString);
        JsonObject sync = r.json().getJsonObject("sync");
        assertEquals(3, sync.getInt("synced"));
        assertEquals(1, sync.getInt("pending"));
        assertEquals(2, sync.getInt("failed"));
        assertEquals(1, sync.getInt("dead"));
        JsonObject connections = r.json().getJsonObject("connections");
        assertEquals(1, connections.getInt("connected"));
        assertEquals(1, connections.getInt("needs_reconnect"));
        assertEquals(0, connections.getInt("disconnected"));
        long age = r.json().getJsonNumber("oldest_failed_age_seconds").longValue();
        assertTrue(age >= 590 && age < 700, "oldest failed row is ten minutes old: " + age);

        Fixtures.Tenant empty = fixtures.tenant();
        Http.Response none = http.get("functions/v1/google-calendar-sync-status", keys.token(empty.adminProfile()));
        assertTrue(none.json().isNull("oldest_failed_age_seconds"));
    }

    @Test
    void onlyTheTenantsAdminMaySeeOrRetry() throws Exception {
        for (UUID profile : new UUID[] {tenant.clinicianProfile(), tenant.clientProfile()}) {
            for (String fn : new String[] {"google-calendar-sync-status", "google-calendar-sync-failures"}) {
                Http.Response r = http.get("functions/v1/" + fn, keys.token(profile));
                assertEquals(403, r.status(), r::toString);
                assertEquals("forbidden", r.json().getString("code"));
            }
            assertEquals(403, http.post("functions/v1/google-calendar-sync-retry", keys.token(profile), "{}").status());
        }
        Fixtures.Tenant other = fixtures.tenant();
        Http.Response foreign = http.get("functions/v1/google-calendar-sync-status?tenant_id=" + other.id(), admin);
        assertEquals(403, foreign.status());
        UUID otherAppointment = UUID.randomUUID();
        fixtures.exec("insert into calendar_sync_log (tenant_id, appointment_id, staff_id, sync_status, retry_count)"
                + " values (?, ?, ?, 'failed', 8)", other.id(), otherAppointment, other.clinicianStaff());
        Http.Response retryForeign = http.post("functions/v1/google-calendar-sync-retry", admin,
                "{\"appointment_id\":\"" + otherAppointment + "\"}");
        assertEquals(404, retryForeign.status(), retryForeign::toString);
        assertEquals(0, http.get("functions/v1/google-calendar-sync-failures", admin).json().getJsonArray("items").size(),
                "another tenant's rows never appear");
    }

    @Test
    void failuresPageStablyNewestFirstEvenWithEqualTimesAndInserts() throws Exception {
        for (int i = 0; i < 7; i++) {
            row(tenant.clinicianStaff(), "failed", 1, "timestamptz '2026-11-20 10:00:00Z'");
        }
        for (int i = 0; i < 5; i++) {
            row(tenant.clinicianStaff(), "failed", 2, "timestamptz '2026-11-20 09:00:00Z'");
        }
        row(tenant.clinicianStaff(), "synced", 0, "now()");
        Set<String> seen = new HashSet<>();
        List<String> order = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            Http.Response page = http.get("functions/v1/google-calendar-sync-failures?limit=5"
                    + (after == null ? "" : "&after=" + after), admin);
            assertEquals(200, page.status(), page::toString);
            for (JsonObject item : page.json().getJsonArray("items").getValuesAs(JsonObject.class)) {
                assertTrue(seen.add(item.getString("appointment_id")), "no repetition");
                order.add(item.getString("updated_at"));
                assertEquals(Set.of("appointment_id", "staff_id", "retry_count", "error_message", "updated_at"),
                        item.keySet());
            }
            if (pages == 0) {
                // A new failure arriving while paging goes to the front and does not disturb the pages after.
                row(tenant.clinicianStaff(), "failed", 1, "now()");
            }
            after = page.json().isNull("next") ? null : page.json().getString("next");
            pages++;
        } while (after != null && pages < 10);
        assertEquals(12, seen.size(), "no loss");
        List<String> sorted = new ArrayList<>(order);
        sorted.sort(java.util.Comparator.reverseOrder());
        assertEquals(sorted, order, "newest first");
        assertEquals(400, http.get("functions/v1/google-calendar-sync-failures?limit=0", admin).status());
        assertEquals(400, http.get("functions/v1/google-calendar-sync-failures?limit=101", admin).status());
        assertEquals("invalid_request", http.get("functions/v1/google-calendar-sync-failures?after=garbage", admin)
                .json().getString("code"));
    }

    @Test
    void retryMakesDeadRowsDueAgain() throws Exception {
        row(tenant.clinicianStaff(), "failed", 8, "now()");
        row(tenant.clinicianStaff(), "failed", 8, "now()");
        row(tenant.clinicianStaff(), "failed", 2, "now()");
        Http.Response all = http.post("functions/v1/google-calendar-sync-retry", admin, "{}");
        assertEquals(200, all.status(), all::toString);
        assertEquals(2, all.json().getInt("requeued"));
        assertEquals(0, http.get("functions/v1/google-calendar-sync-status", admin).json().getJsonObject("sync")
                .getInt("dead"));
    }

    @Test
    void countersReadWhatHappened() throws Exception {
        String account = "ops-" + UUID.randomUUID() + "@example.test";
        connect(tenant, tenant.clinicianStaff(), account);
        String clinician = keys.token(tenant.clinicianProfile());
        String metricsBefore = http.get("metrics", null).body();
        UUID a1 = Connected.appointment(fixtures, tenant.id(), tenant.clinicianStaff(),
                java.time.OffsetDateTime.parse("2026-12-05T10:00:00Z"), 30, "UTC");
        UUID a2 = Connected.appointment(fixtures, tenant.id(), tenant.clinicianStaff(),
                java.time.OffsetDateTime.parse("2026-12-05T12:00:00Z"), 30, "UTC");
        http.post("functions/v1/google-calendar-sync-appointment", clinician, "{\"appointment_id\":\"" + a1
                + "\",\"action\":\"create\"}");
        http.post("functions/v1/google-calendar-sync-appointment", clinician, "{\"appointment_id\":\"" + a2
                + "\",\"action\":\"create\"}");
        google.addFault(Fault.on("events.delete").status(503).reason("backendError").count(1));
        http.post("functions/v1/google-calendar-sync-appointment", clinician, "{\"appointment_id\":\"" + a1
                + "\",\"action\":\"delete\"}");
        String body = "{\"staff_id\":\"" + tenant.clinicianStaff()
                + "\",\"time_min\":\"2026-12-05T00:00:00Z\",\"time_max\":\"2026-12-06T00:00:00Z\"}";
        http.post("functions/v1/google-calendar-get-availability", clinician, body);
        http.post("functions/v1/google-calendar-get-availability", clinician, body);
        String metricsAfter = http.get("metrics", null).body();

        assertEquals(2, delta(metricsBefore, metricsAfter, "calendar_sync_operations_total", "action=\"create\"",
                "outcome=\"synced\""));
        assertEquals(1, delta(metricsBefore, metricsAfter, "calendar_sync_operations_total", "action=\"delete\"",
                "outcome=\"failed\""));
        assertEquals(2, delta(metricsBefore, metricsAfter, "calendar_google_calls_total",
                "operation=\"events.insert\"", "status=\"200\""));
        assertEquals(1, delta(metricsBefore, metricsAfter, "calendar_google_calls_total",
                "operation=\"events.delete\"", "status=\"503\""));
        assertEquals(1, delta(metricsBefore, metricsAfter, "calendar_availability_cache_total", "result=\"miss\""));
        assertEquals(1, delta(metricsBefore, metricsAfter, "calendar_availability_cache_total", "result=\"hit\""));
        assertTrue(metricsAfter.contains("calendar_google_call_seconds"), "latency timer");
        assertTrue(Pattern.compile("calendar_sync_backlog\\{[^}]*status=\"failed\"").matcher(metricsAfter).find(),
                "backlog gauge by status");
        assertTrue(Pattern.compile("calendar_connections\\{[^}]*status=\"connected\"").matcher(metricsAfter).find(),
                "connections gauge by status");
    }

    /** How much a counter line (matched by name and labels) grew between two scrapes. */
    static long delta(String before, String after, String name, String... labels) {
        return value(after, name, labels) - value(before, name, labels);
    }

    static long value(String metrics, String name, String... labels) {
        Pattern line = Pattern.compile("^(\\w*" + name + ")\\{([^}]*)\\}\\s+([0-9.eE+-]+)", Pattern.MULTILINE);
        Matcher m = line.matcher(metrics);
        long total = 0;
        while (m.find()) {
            boolean all = true;
            for (String l : labels) {
                all &= m.group(2).contains(l);
            }
            if (all) {
                total += (long) Double.parseDouble(m.group(3));
            }
        }
        return total;
    }
}
