package com.valorwell.calendar.connection.entity;

import java.util.Locale;

/** A stored connection's state, as {@code connection_status} holds it. */
public enum ConnectionStatus {
    CONNECTED, NEEDS_RECONNECT, DISCONNECTED;

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ConnectionStatus fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
