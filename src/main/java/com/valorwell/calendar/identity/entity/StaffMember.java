package com.valorwell.calendar.identity.entity;

import java.util.UUID;

/** A clinician as the EHR's {@code staff} table knows them. */
public record StaffMember(UUID id, UUID tenantId, UUID profileId) {
}
