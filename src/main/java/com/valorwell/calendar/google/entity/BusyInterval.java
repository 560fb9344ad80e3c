package com.valorwell.calendar.google.entity;

import java.time.Instant;

/** A busy block as Google's free/busy reports it: start and end, nothing else. */
public record BusyInterval(Instant start, Instant end) {
}
