package com.valorwell.calendar.emulator;

import java.util.List;

/**
 * A calendar to put in an account's calendar list.
 *
 * @param id         calendar id (for a primary calendar Google uses the account email)
 * @param summary    title; defaults to the id
 * @param accessRole {@code owner}, {@code writer}, {@code reader} or {@code freeBusyReader}; defaults to owner
 * @param primary    whether {@code primary} in paths and bodies means this calendar for the account
 * @param timeZone   IANA zone; defaults to {@code UTC}
 */
public record CalendarSpec(String id, String summary, String accessRole, boolean primary, String timeZone) {

    public static final List<String> ACCESS_ROLES = List.of("freeBusyReader", "reader", "writer", "owner");

    public CalendarSpec {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a calendar needs an id");
        }
        if (accessRole != null && !ACCESS_ROLES.contains(accessRole)) {
            throw new IllegalArgumentException("accessRole must be one of " + ACCESS_ROLES);
        }
    }

    public static CalendarSpec of(String id, String summary, String accessRole) {
        return new CalendarSpec(id, summary, accessRole, false, null);
    }
}
