package com.valorwell.calendar.emulator;

import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;

/**
 * The registry of active {@link Fault}s. Each call of an emulated operation asks it for at most one
 * fault to apply; faults naming the operation win over the {@code "*"} default, and among equals the
 * one added first wins. Counted faults are used up one call at a time and then disappear.
 */
final class Faults {

    private static final class Active {
        final long id;
        final Fault fault;
        /** Calls left, or -1 for "until cleared". */
        int remaining;

        Active(long id, Fault fault) {
            this.id = id;
            this.fault = fault;
            this.remaining = fault.count() == null ? -1 : fault.count();
        }
    }

    private final List<Active> active = new ArrayList<>();
    private long nextId = 1;

    /** Registers a copy of the fault (so later changes by the caller don't leak in); returns its id. */
    synchronized long add(Fault fault) {
        Fault copy = fault.copy();
        copy.validate();
        long id = nextId++;
        active.add(new Active(id, copy));
        return id;
    }

    synchronized boolean remove(long id) {
        return active.removeIf(a -> a.id == id);
    }

    synchronized void clear() {
        active.clear();
    }

    synchronized List<JsonObject> list() {
        List<JsonObject> out = new ArrayList<>();
        for (Active a : active) {
            out.add(a.fault.toJson(a.id, a.remaining < 0 ? null : a.remaining));
        }
        return out;
    }

    synchronized List<Fault> faults() {
        List<Fault> out = new ArrayList<>();
        for (Active a : active) {
            out.add(a.fault.copy());
        }
        return out;
    }

    /**
     * Picks and uses up the fault for one call, or returns null.
     *
     * @param calendarIds the calendars the call is about (for the optional calendar filter)
     */
    synchronized Fault take(String operation, Collection<String> calendarIds) {
        Fault specific = takeMatching(operation, calendarIds);
        return specific != null ? specific : takeMatching("*", calendarIds);
    }

    private Fault takeMatching(String faultOperation, Collection<String> calendarIds) {
        Iterator<Active> it = active.iterator();
        while (it.hasNext()) {
            Active a = it.next();
            if (!a.fault.operation().equals(faultOperation)) {
                continue;
            }
            if (a.fault.calendarId() != null && !calendarIds.contains(a.fault.calendarId())) {
                continue;
            }
            if (a.remaining > 0) {
                a.remaining--;
                if (a.remaining == 0) {
                    it.remove();
                }
            }
            return a.fault.copy();
        }
        return null;
    }
}
