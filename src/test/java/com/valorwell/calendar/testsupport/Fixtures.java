package com.valorwell.calendar.testsupport;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Writes EHR rows (tenants, profiles, memberships, staff) straight into the database, as
 * the EHR would, so that every test works on its own fresh tenant and never depends on
 * another test's data.
 */
public final class Fixtures {

    private final Connection db;

    public Fixtures(Connection db) {
        this.db = db;
    }

    /** A tenant with one member of each role, two clinicians among them. */
    public record Tenant(UUID id, UUID adminProfile, UUID clinicianProfile, UUID clinicianStaff,
            UUID otherClinicianProfile, UUID otherClinicianStaff, UUID clientProfile) {
    }

    public Tenant tenant() {
        try {
            UUID tenant = UUID.randomUUID();
            exec("insert into tenants (id, name) values (?, ?)", tenant, "Clinic " + tenant);
            UUID admin = profile(tenant, "admin");
            UUID clinician = profile(tenant, "staff");
            UUID other = profile(tenant, "staff");
            UUID client = profile(tenant, "client");
            UUID staff = staff(tenant, clinician);
            UUID otherStaff = staff(tenant, other);
            return new Tenant(tenant, admin, clinician, staff, other, otherStaff, client);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public UUID profile(UUID tenant, String role) throws SQLException {
        UUID profile = UUID.randomUUID();
        exec("insert into profiles (id, email) values (?, ?)", profile, profile + "@example.test");
        exec("insert into tenant_memberships (tenant_id, profile_id, role) values (?, ?, ?)", tenant, profile, role);
        return profile;
    }

    public UUID staff(UUID tenant, UUID profile) throws SQLException {
        UUID staff = UUID.randomUUID();
        exec("insert into staff (id, tenant_id, profile_id, display_name) values (?, ?, ?, ?)",
                staff, tenant, profile, "Clinician " + staff);
        return staff;
    }

    /** A connection row as the service would have stored it (the token columns hold opaque text). */
    public UUID connection(UUID tenant, UUID staff, String status, String calendar) throws SQLException {
        UUID id = UUID.randomUUID();
        exec("insert into staff_calendar_connections (id, tenant_id, staff_id, connection_status, selected_calendar_id,"
                + " access_token_encrypted, refresh_token_encrypted, token_expires_at)"
                + " values (?, ?, ?, ?, ?, 'v1.k.iv.access-ciphertext', 'v1.k.iv.refresh-ciphertext', now() + interval '1 hour')",
                id, tenant, staff, status, calendar);
        return id;
    }

    public void exec(String sql, Object... args) throws SQLException {
        try (PreparedStatement s = db.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            s.execute();
        }
    }
}
