package com.valorwell.calendar.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.valorwell.calendar.platform.db.MigrationPlan;
import com.valorwell.calendar.testsupport.Fixtures;
import com.valorwell.calendar.testsupport.ItEnvironment;
import com.valorwell.calendar.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The migration's policies and privileges, exercised as the real Supabase roles over
 * plain JDBC: each test runs in a transaction that sets {@code role} and the JWT claims
 * with {@code set_config(..., true)}, exactly as the service does.
 */
class RlsIT {

    static TestDatabase server;
    static String database;
    static Connection admin;
    static Fixtures.Tenant tenant;
    static UUID ownConnection;
    static UUID otherConnection;

    Connection c;

    @BeforeAll
    static void schema() throws Exception {
        server = ItEnvironment.current().server();
        database = server.createDatabase("calsync_rls");
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(server.url(database));
        ds.setUser(server.user());
        ds.setPassword(server.password());
        MigrationPlan.migrate(ds, "all");
        admin = server.connect(database);
        Fixtures fixtures = new Fixtures(admin);
        tenant = fixtures.tenant();
        ownConnection = fixtures.connection(tenant.id(), tenant.clinicianStaff(), "connected", "primary");
        otherConnection = fixtures.connection(tenant.id(), tenant.otherClinicianStaff(), "connected", "primary");
        for (UUID staff : new UUID[] {tenant.clinicianStaff(), tenant.otherClinicianStaff()}) {
            fixtures.exec("insert into calendar_sync_log (tenant_id, appointment_id, staff_id, sync_status)"
                    + " values (?, ?, ?, 'synced')", tenant.id(), UUID.randomUUID(), staff);
        }
    }

    @AfterAll
    static void dropSchema() throws Exception {
        admin.close();
        server.dropDatabase(database);
    }

    @BeforeEach
    void asClinician() throws SQLException {
        c = server.connect(database);
        c.setAutoCommit(false);
        actAs(c, "authenticated", tenant.clinicianProfile());
    }

    @AfterEach
    void rollback() throws SQLException {
        c.rollback();
        c.close();
    }

    static void actAs(Connection c, String role, UUID sub) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select set_config('role', ?, true),"
                + " set_config('request.jwt.claims', ?, true), set_config('request.jwt.claim.sub', ?, true)")) {
            s.setString(1, role);
            s.setString(2, sub == null ? "{\"role\":\"" + role + "\"}"
                    : "{\"sub\":\"" + sub + "\",\"role\":\"" + role + "\",\"aud\":\"authenticated\"}");
            s.setString(3, sub == null ? "" : sub.toString());
            s.executeQuery().close();
        }
    }

    List<String> ids(String sql, Object... args) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            List<String> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }

    int update(String sql, Object... args) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            return s.executeUpdate();
        }
    }

    void assertDenied(String sql) throws SQLException {
        Savepoint sp = c.setSavepoint();
        SQLException e = assertThrows(SQLException.class, () -> {
            try (Statement s = c.createStatement()) {
                s.execute(sql);
            }
        }, sql);
        assertEquals("42501", e.getSQLState(), () -> sql + ": " + e.getMessage());
        c.rollback(sp);
    }

    @Test
    void clinicianReadsOnlyTheirOwnConnection() throws SQLException {
        assertEquals(List.of(ownConnection.toString()), ids("select id from staff_calendar_connections"));
        assertEquals(List.of(), ids("select id from staff_calendar_connections where id = ?", otherConnection));
        assertEquals(List.of(), ids("select id from staff_calendar_connections where staff_id = ?",
                tenant.otherClinicianStaff()));
    }

    @Test
    void clinicianUpdatesOnlyTheirOwnSelectedCalendar() throws SQLException {
        assertEquals(1, update("update staff_calendar_connections set selected_calendar_id = 'work' where id = ?",
                ownConnection));
        assertEquals(0, update("update staff_calendar_connections set selected_calendar_id = 'work' where id = ?",
                otherConnection));
    }

    @Test
    void tokenColumnsCannotBeReadOrWritten() throws SQLException {
        assertDenied("select access_token_encrypted from staff_calendar_connections");
        assertDenied("select refresh_token_encrypted from staff_calendar_connections");
        assertDenied("select * from staff_calendar_connections");
        assertDenied("update staff_calendar_connections set access_token_encrypted = 'x'");
        assertDenied("update staff_calendar_connections set refresh_token_encrypted = 'x'");
    }

    @Test
    void onlySelectedCalendarIdIsWritable() throws SQLException {
        assertDenied("update staff_calendar_connections set connection_status = 'connected'");
        assertDenied("update staff_calendar_connections set staff_id = '" + tenant.otherClinicianStaff() + "'");
        assertDenied("update staff_calendar_connections set last_error = null");
        assertDenied("insert into staff_calendar_connections (tenant_id, staff_id) values ('" + tenant.id() + "', '"
                + tenant.clinicianStaff() + "')");
        assertDenied("delete from staff_calendar_connections");
    }

    @Test
    void syncLogIsReadableForOwnRowsAndNotWritable() throws SQLException {
        assertEquals(1, ids("select id from calendar_sync_log").size());
        assertEquals(List.of(tenant.clinicianStaff().toString()), ids("select staff_id from calendar_sync_log"));
        assertDenied("insert into calendar_sync_log (tenant_id, appointment_id, staff_id) values ('" + tenant.id()
                + "', '" + UUID.randomUUID() + "', '" + tenant.clinicianStaff() + "')");
        assertDenied("update calendar_sync_log set sync_status = 'failed'");
        assertDenied("delete from calendar_sync_log");
    }

    @Test
    void anonCannotReadEitherTable() throws SQLException {
        c.rollback();
        actAs(c, "anon", null);
        assertDenied("select id from staff_calendar_connections");
        assertDenied("select id from calendar_sync_log");
    }

    @Test
    void serviceRoleSeesAndWritesEverything() throws SQLException {
        c.rollback();
        actAs(c, "service_role", null);
        assertEquals(2, ids("select access_token_encrypted from staff_calendar_connections where tenant_id = ?",
                tenant.id()).size());
        assertEquals(1, update("update calendar_sync_log set sync_status = 'failed' where staff_id = ?",
                tenant.clinicianStaff()));
    }

    @Test
    void settingsEndWithTheTransaction() throws SQLException {
        c.commit();
        assertEquals(List.of(server.user()), ids("select current_user::text"));
        assertEquals(List.of(""), ids("select coalesce(current_setting('request.jwt.claim.sub', true), '')"));
    }
}
