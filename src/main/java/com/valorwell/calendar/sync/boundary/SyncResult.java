package com.valorwell.calendar.sync.boundary;

import java.util.UUID;

/**
 * The answer of sync-appointment. {@code synced} false comes with a {@code reason}:
 * {@code no_calendar_connection}, {@code needs_reconnect}, {@code google_unavailable}
 * or {@code rate_limited}; the row is then left failed for the retry sweeper.
 */
public record SyncResult(UUID appointmentId, boolean synced, String syncStatus, String reason, String googleEventId) {
}
