package com.valorwell.calendar.identity.entity;

import java.util.Locale;
import java.util.Optional;

/** A profile's role in a tenant, from {@code tenant_memberships.role}. */
public enum TenantRole {
    ADMIN, STAFF, CLIENT;

    public static Optional<TenantRole> fromDb(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(value.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
