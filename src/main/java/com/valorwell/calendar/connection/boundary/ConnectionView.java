package com.valorwell.calendar.connection.boundary;

import java.time.OffsetDateTime;

/** The caller's own connection as {@code google-calendar-connection} shows it: never tokens. */
public record ConnectionView(String status, String selectedCalendarId, OffsetDateTime lastSyncAt,
        String lastError) {

    public static final String NOT_CONNECTED = "not_connected";

    public static ConnectionView notConnected() {
        return new ConnectionView(NOT_CONNECTED, null, null, null);
    }
}
