package com.valorwell.calendar.platform.db;

import com.valorwell.calendar.platform.security.Caller;
import jakarta.persistence.EntityManager;

/**
 * Makes the current transaction run as one of Supabase's API roles, the way Supabase's
 * own API does: {@code role} and the JWT claims are set with {@code set_config(..., true)},
 * so they end with the transaction and never leak to the next user of a pooled
 * connection. Work for a signed-in user runs as {@code authenticated}, so the database's
 * RLS policies decide what it sees; system work runs as {@code service_role}.
 */
public final class DatabaseRoles {

    private static final String SET = "select set_config('role', ?1, true), "
            + "set_config('request.jwt.claims', ?2, true), set_config('request.jwt.claim.sub', ?3, true)";
    private static final String SERVICE_CLAIMS = "{\"role\":\"service_role\"}";

    private DatabaseRoles() {
    }

    /** The rest of the current transaction runs as {@code authenticated}, with the caller's claims. */
    public static void actAsUser(EntityManager em, Caller caller) {
        em.createNativeQuery(SET)
                .setParameter(1, "authenticated")
                .setParameter(2, caller.claimsJson())
                .setParameter(3, caller.profileId().toString())
                .getSingleResult();
    }

    /** The rest of the current transaction runs as {@code service_role}, which bypasses RLS. */
    public static void actAsService(EntityManager em) {
        em.createNativeQuery(SET)
                .setParameter(1, "service_role")
                .setParameter(2, SERVICE_CLAIMS)
                .setParameter(3, "")
                .getSingleResult();
    }
}
