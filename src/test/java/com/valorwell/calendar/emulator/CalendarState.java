package com.valorwell.calendar.emulator;

import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The emulated Google accounts and calendars. A calendar exists once (its events, raw busy blocks and
 * forced free/busy error live on it) and appears in the calendar lists of any number of accounts, each
 * with its own access role, so a shared calendar behaves as at Google. Every account has a primary
 * calendar whose id is the account email, which {@code primary} aliases.
 */
final class CalendarState {

    /** A calendar's data. Its monitor guards {@link #events} and {@link #busy}. */
    static final class CalendarData {
        final String id;
        volatile String summary;
        volatile String timeZone;
        /** Event id to the stored event resource; cancelled events stay so their ids stay taken. */
        final Map<String, JsonObject> events = new LinkedHashMap<>();
        /** Raw busy blocks put by tests, reported by freeBusy besides those from events. */
        final List<Instant[]> busy = new ArrayList<>();
        volatile String forcedFreeBusyError;

        CalendarData(String id, String summary, String timeZone) {
            this.id = id;
            this.summary = summary;
            this.timeZone = timeZone;
        }
    }

    /** An account's calendar list (in insertion order) and which calendar {@code primary} means. */
    static final class Account {
        final String email;
        volatile String primaryId;
        /** Calendar id to access role; guarded by the account's monitor. */
        final Map<String, String> roles = new LinkedHashMap<>();

        Account(String email) {
            this.email = email;
            this.primaryId = email;
        }

        synchronized String role(String calendarId) {
            return roles.get(calendarId);
        }

        synchronized List<Map.Entry<String, String>> entries() {
            return new ArrayList<>(roles.entrySet());
        }
    }

    private final Map<String, Account> accounts = new ConcurrentHashMap<>();
    private final Map<String, CalendarData> calendars = new ConcurrentHashMap<>();
    private volatile Integer forcedCalendarListPageSize;

    CalendarState() {
        reset();
    }

    void reset() {
        accounts.clear();
        calendars.clear();
        forcedCalendarListPageSize = null;
        ensureAccount(GoogleEmulator.DEFAULT_ACCOUNT);
    }

    /** The account, created with its primary calendar (owner) on first mention. */
    Account ensureAccount(String email) {
        return accounts.computeIfAbsent(email, e -> {
            Account a = new Account(e);
            calendar(e, e, null);
            a.roles.put(e, "owner");
            return a;
        });
    }

    Account account(String email) {
        return accounts.get(email);
    }

    List<Account> accounts() {
        return new ArrayList<>(accounts.values());
    }

    /** Adds (or changes) a calendar in the account's list. */
    void addCalendar(String email, CalendarSpec spec) {
        Account account = ensureAccount(email);
        CalendarData data = calendar(spec.id(), spec.summary(), spec.timeZone());
        if (spec.summary() != null) {
            data.summary = spec.summary();
        }
        if (spec.timeZone() != null) {
            data.timeZone = spec.timeZone();
        }
        synchronized (account) {
            account.roles.put(spec.id(), spec.accessRole() == null ? "owner" : spec.accessRole());
        }
        if (spec.primary()) {
            account.primaryId = spec.id();
        }
    }

    /** The calendar's data, created (not listed by anyone) if unknown. */
    CalendarData calendar(String id, String summary, String timeZone) {
        return calendars.computeIfAbsent(id, k -> new CalendarData(k, summary == null ? k : summary,
                timeZone == null ? "UTC" : timeZone));
    }

    CalendarData existingCalendar(String id) {
        return calendars.get(id);
    }

    /** Resolves the {@code primary} alias for the account. */
    static String resolve(Account account, String calendarId) {
        return "primary".equals(calendarId) ? account.primaryId : calendarId;
    }

    Integer forcedCalendarListPageSize() {
        return forcedCalendarListPageSize;
    }

    void forceCalendarListPageSize(Integer size) {
        if (size != null && size < 1) {
            throw new IllegalArgumentException("page size must be at least 1");
        }
        forcedCalendarListPageSize = size;
    }

    /** Rank used for {@code minAccessRole} and write checks; -1 for an unknown role. */
    static int rank(String role) {
        return CalendarSpec.ACCESS_ROLES.indexOf(role);
    }
}
