package com.valorwell.calendar.google.entity;

/** One entry of the user's calendar list: id, name, whether primary, and the user's access role. */
public record CalendarEntry(String id, String summary, boolean primary, String accessRole) {

    /** Whether the user may write events to it. */
    public boolean writable() {
        return "owner".equals(accessRole) || "writer".equals(accessRole);
    }
}
