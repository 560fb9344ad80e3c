package com.valorwell.calendar.platform.db;

import com.valorwell.calendar.platform.security.Caller;
import jakarta.persistence.EntityManager;
import jakarta.transaction.TransactionSynchronizationRegistry;
import javax.naming.InitialContext;
import javax.naming.NamingException;

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
        remember(USER);
    }

    /**
     * The rest of the current transaction runs as {@code service_role}, which bypasses RLS.
     * Within one JTA transaction that already acts as the service this is free: several
     * store calls grouped in one transaction set the role once.
     */
    public static void actAsService(EntityManager em) {
        if (SERVICE.equals(current())) {
            return;
        }
        em.createNativeQuery(SET)
                .setParameter(1, "service_role")
                .setParameter(2, SERVICE_CLAIMS)
                .setParameter(3, "")
                .getSingleResult();
        remember(SERVICE);
    }

    private static final String KEY = DatabaseRoles.class.getName();
    private static final String SERVICE = "service_role";
    private static final String USER = "authenticated";

    /** The role this JTA transaction acts as, if this class set one; null outside a transaction. */
    private static Object current() {
        TransactionSynchronizationRegistry tsr = registry();
        return tsr == null || tsr.getTransactionKey() == null ? null : tsr.getResource(KEY);
    }

    private static void remember(String role) {
        TransactionSynchronizationRegistry tsr = registry();
        if (tsr != null && tsr.getTransactionKey() != null) {
            tsr.putResource(KEY, role);
        }
    }

    private static volatile TransactionSynchronizationRegistry registry;

    /** The container's registry, looked up once; the EntityManagers of one JTA transaction share its connection. */
    private static TransactionSynchronizationRegistry registry() {
        TransactionSynchronizationRegistry r = registry;
        if (r == null) {
            try {
                r = (TransactionSynchronizationRegistry) new InitialContext()
                        .lookup("java:comp/TransactionSynchronizationRegistry");
                registry = r;
            } catch (NamingException e) {
                return null;
            }
        }
        return r;
    }
}
