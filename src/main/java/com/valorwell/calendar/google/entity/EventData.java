package com.valorwell.calendar.google.entity;

import java.time.OffsetDateTime;

/**
 * Everything the service ever puts on a Google event: the configured summary, start and
 * end with their offset, and an IANA time zone when the appointment has a valid one
 * (else null). No description, location, attendees or anything about a patient.
 */
public record EventData(String summary, OffsetDateTime start, OffsetDateTime end, String timeZone) {
}
