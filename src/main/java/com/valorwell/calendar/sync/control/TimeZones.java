package com.valorwell.calendar.sync.control;

import java.time.ZoneId;
import java.util.Set;

/** Whether an appointment's {@code time_zone} is a valid IANA zone, the only kind Google accepts. */
public final class TimeZones {

    private static final Set<String> IANA = ZoneId.getAvailableZoneIds();

    private TimeZones() {
    }

    /** The zone if valid, else null (the event then carries its offset only). */
    public static String ianaOrNull(String zone) {
        return zone != null && IANA.contains(zone) ? zone : null;
    }
}
