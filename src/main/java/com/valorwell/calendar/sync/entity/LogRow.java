package com.valorwell.calendar.sync.entity;

import java.util.UUID;

/** A calendar_sync_log row as one short transaction read or claimed it. */
public record LogRow(UUID id, UUID tenantId, UUID appointmentId, UUID staffId, String googleEventId,
        String googleCalendarId, String syncStatus, String requestedAction, int retryCount) {

    /** Whether the last sync of this row removed its event, so there is nothing left to delete. */
    public boolean removed() {
        return "delete".equals(requestedAction) && "synced".equals(syncStatus);
    }
}
