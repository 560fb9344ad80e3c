package com.valorwell.calendar.sync.entity;

import java.util.UUID;

/** CDI event: a clinician's Google calendar or connection changed, so cached free/busy answers are stale. */
public record CalendarChanged(UUID staffId) {
}
