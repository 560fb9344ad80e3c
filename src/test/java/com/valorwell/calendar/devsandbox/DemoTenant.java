package com.valorwell.calendar.devsandbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The sandbox's demo clinic: an admin, two clinicians, a client, and a week of
 * appointments, written as the EHR would write them. Ids are fixed so that curl lines
 * and notes can name them.
 */
final class DemoTenant {

    static final UUID TENANT = UUID.fromString("00000000-0000-4000-8000-000000000001");
    static final UUID ADMIN = UUID.fromString("00000000-0000-4000-8000-0000000000a1");
    static final UUID CLINICIAN_AVERY = UUID.fromString("00000000-0000-4000-8000-0000000000c1");
    static final UUID CLINICIAN_BLAKE = UUID.fromString("00000000-0000-4000-8000-0000000000c2");
    static final UUID CLIENT = UUID.fromString("00000000-0000-4000-8000-0000000000d1");
    static final UUID STAFF_AVERY = UUID.fromString("00000000-0000-4000-8000-0000000005a1");
    static final UUID STAFF_BLAKE = UUID.fromString("00000000-0000-4000-8000-0000000005b2");

    private DemoTenant() {
    }

    /** Demo users by name, in the order they are printed. */
    static Map<String, UUID> users() {
        Map<String, UUID> users = new LinkedHashMap<>();
        users.put("admin (Morgan, tenant admin)", ADMIN);
        users.put("clinician (Dr. Avery, staff)", CLINICIAN_AVERY);
        users.put("clinician (Dr. Blake, staff)", CLINICIAN_BLAKE);
        users.put("client (Casey, patient)", CLIENT);
        return users;
    }

    static void seed(Connection c) throws SQLException {
        exec(c, "insert into tenants (id, name) values (?, 'Demo Clinic')", TENANT);
        member(c, ADMIN, "morgan@demo.test", "admin");
        member(c, CLINICIAN_AVERY, "avery@demo.test", "staff");
        member(c, CLINICIAN_BLAKE, "blake@demo.test", "staff");
        member(c, CLIENT, "casey@demo.test", "client");
        exec(c, "insert into staff (id, tenant_id, profile_id, display_name) values (?, ?, ?, 'Dr. Avery')",
                STAFF_AVERY, TENANT, CLINICIAN_AVERY);
        exec(c, "insert into staff (id, tenant_id, profile_id, display_name) values (?, ?, ?, 'Dr. Blake')",
                STAFF_BLAKE, TENANT, CLINICIAN_BLAKE);
        OffsetDateTime tomorrow = OffsetDateTime.now(ZoneId.of("America/New_York"))
                .truncatedTo(ChronoUnit.DAYS).plusDays(1).withHour(9);
        for (int day = 0; day < 5; day++) {
            appointment(c, STAFF_AVERY, tomorrow.plusDays(day), "America/New_York");
            appointment(c, STAFF_BLAKE, tomorrow.plusDays(day).plusHours(5), "America/Chicago");
        }
    }

    /** The id of one of Dr. Avery's appointments, for the curl lines. */
    static UUID firstAppointment(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "select id from appointments where staff_id = ? order by start_at limit 1")) {
            s.setObject(1, STAFF_AVERY);
            try (var rs = s.executeQuery()) {
                rs.next();
                return (UUID) rs.getObject(1);
            }
        }
    }

    private static void member(Connection c, UUID profile, String email, String role) throws SQLException {
        exec(c, "insert into profiles (id, email) values (?, ?)", profile, email);
        exec(c, "insert into tenant_memberships (tenant_id, profile_id, role) values (?, ?, ?)", TENANT, profile, role);
    }

    private static void appointment(Connection c, UUID staff, OffsetDateTime start, String zone) throws SQLException {
        exec(c, "insert into appointments (tenant_id, staff_id, client_id, start_at, end_at, time_zone, status)"
                + " values (?, ?, ?, ?, ?, ?, 'scheduled')", TENANT, staff, CLIENT, start, start.plusMinutes(50), zone);
    }

    private static void exec(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            s.execute();
        }
    }
}
