package com.valorwell.calendar.identity.control;

import com.valorwell.calendar.identity.entity.StaffMember;
import com.valorwell.calendar.identity.entity.TenantRole;
import com.valorwell.calendar.platform.db.DatabaseRoles;
import com.valorwell.calendar.platform.db.Transactions;
import com.valorwell.calendar.platform.problem.ApiException;
import com.valorwell.calendar.platform.security.Caller;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads who a caller is in the EHR: their staff row and their role in a tenant. These
 * are the EHR's tables, whose own RLS this service does not know, so they are read as
 * {@code service_role}; callers only ever learn their own rows from it. Runs inside the
 * calling facade's transaction and leaves it acting as {@code service_role}.
 */
@Dependent
public class Directory {

    @PersistenceContext(unitName = "calendar")
    EntityManager em;

    @Inject
    Transactions transactions;

    /** The caller's staff row; 403 {@code not_staff} when they have none. */
    public StaffMember staffOf(Caller caller) {
        DatabaseRoles.actAsService(em);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                        "select id, tenant_id from public.staff where profile_id = ?1 order by id limit 2")
                .setParameter(1, caller.profileId())
                .getResultList();
        if (rows.isEmpty()) {
            throw ApiException.forbidden("not_staff", "The signed-in user is not a staff member.");
        }
        if (rows.size() > 1) {
            // A profile linked to staff rows in two tenants cannot say which clinician it
            // acts as; refusing is safer than choosing a tenant for it.
            throw ApiException.conflict("ambiguous_staff",
                    "The signed-in user is linked to more than one staff record.");
        }
        Object[] row = rows.get(0);
        return new StaffMember((UUID) row[0], (UUID) row[1], caller.profileId());
    }

    /** The caller's role in a tenant, if they are a member. */
    public Optional<TenantRole> roleIn(Caller caller, UUID tenantId) {
        DatabaseRoles.actAsService(em);
        @SuppressWarnings("unchecked")
        List<String> roles = em.createNativeQuery(
                        "select role from public.tenant_memberships where tenant_id = ?1 and profile_id = ?2")
                .setParameter(1, tenantId)
                .setParameter(2, caller.profileId())
                .getResultList();
        return roles.stream().findFirst().flatMap(TenantRole::fromDb);
    }

    /** A staff row by id, if it lies in the given tenant; other tenants' rows do not exist here. */
    public Optional<StaffMember> staffInTenant(UUID staffId, UUID tenantId) {
        DatabaseRoles.actAsService(em);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                        "select id, tenant_id, profile_id from public.staff where id = ?1 and tenant_id = ?2")
                .setParameter(1, staffId)
                .setParameter(2, tenantId)
                .getResultList();
        return rows.stream().findFirst().map(r -> new StaffMember((UUID) r[0], (UUID) r[1], (UUID) r[2]));
    }

    /**
     * The tenant the caller administers: 403 when none; with several, the caller names
     * one ({@code tenant_id}), else 409.
     */
    public UUID adminTenantOf(Caller caller, UUID requested) {
        DatabaseRoles.actAsService(em);
        @SuppressWarnings("unchecked")
        List<UUID> tenants = em.createNativeQuery("select tenant_id from public.tenant_memberships"
                        + " where profile_id = ?1 and role = 'admin' order by tenant_id")
                .setParameter(1, caller.profileId())
                .getResultList();
        if (requested != null) {
            if (!tenants.contains(requested)) {
                throw ApiException.forbidden("forbidden", "Only an admin of the clinic may see its sync operations.");
            }
            return requested;
        }
        if (tenants.isEmpty()) {
            throw ApiException.forbidden("forbidden", "Only an admin of the clinic may see its sync operations.");
        }
        if (tenants.size() > 1) {
            throw ApiException.conflict("ambiguous_tenant", "You administer several clinics: name one with tenant_id.");
        }
        return tenants.get(0);
    }

    /** A clinician the caller may see: one of a tenant the caller is a member of (any role). One query. */
    public Optional<StaffMember> staffVisibleTo(Caller caller, UUID staffId) {
        DatabaseRoles.actAsService(em);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select s.id, s.tenant_id, s.profile_id from public.staff s"
                        + " join public.tenant_memberships m on m.tenant_id = s.tenant_id and m.profile_id = ?2"
                        + " where s.id = ?1")
                .setParameter(1, staffId)
                .setParameter(2, caller.profileId())
                .getResultList();
        return rows.stream().findFirst().map(r -> new StaffMember((UUID) r[0], (UUID) r[1], (UUID) r[2]));
    }

    /** {@link #staffInTenant} in a transaction of its own, for callers outside one (the OAuth callback). */
    public Optional<StaffMember> staffInTenantNow(UUID staffId, UUID tenantId) {
        return transactions.required(() -> staffInTenant(staffId, tenantId));
    }
}
