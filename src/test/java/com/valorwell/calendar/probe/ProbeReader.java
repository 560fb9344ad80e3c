package com.valorwell.calendar.probe;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/** Test-only: a second EJB with its own EntityManager, joining the caller's transaction. */
@Stateless
public class ProbeReader {

    @PersistenceContext(unitName = "calendar")
    EntityManager em;

    public String currentUser() {
        return (String) em.createNativeQuery("select current_user::text").getSingleResult();
    }
}
