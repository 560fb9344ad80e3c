package com.valorwell.calendar.sync.entity;

import java.time.OffsetDateTime;
import java.util.UUID;

/** An EHR appointment as the service reads it: the truth a sync makes Google agree with. */
public record Appointment(UUID id, UUID tenantId, UUID staffId, OffsetDateTime startAt, OffsetDateTime endAt,
        String timeZone, String status) {

    public boolean cancelled() {
        return "cancelled".equals(status);
    }
}
