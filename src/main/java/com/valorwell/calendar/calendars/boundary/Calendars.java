package com.valorwell.calendar.calendars.boundary;

import com.valorwell.calendar.connection.boundary.ConnectionView;
import com.valorwell.calendar.connection.boundary.Connections;
import com.valorwell.calendar.connection.control.AccessTokens;
import com.valorwell.calendar.connection.control.ConnectionStore;
import com.valorwell.calendar.connection.control.StoredConnection;
import com.valorwell.calendar.google.control.GooglePort;
import com.valorwell.calendar.google.entity.CalendarEntry;
import com.valorwell.calendar.google.entity.GoogleFailure;
import com.valorwell.calendar.identity.control.Directory;
import com.valorwell.calendar.identity.entity.StaffMember;
import com.valorwell.calendar.platform.db.Transactions;
import com.valorwell.calendar.platform.problem.ApiException;
import com.valorwell.calendar.platform.security.Caller;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import com.valorwell.calendar.sync.entity.CalendarChanged;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The calendars a clinician may sync to (SPEC 5.3, 5.6): Google's list, all pages, only
 * those they may write events to, primary first; and the choice of one of them. Runs
 * without a transaction of its own, since it calls Google.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Calendars {

    static final Set<String> LIST_SCOPES = Set.of(
            "https://www.googleapis.com/auth/calendar.calendarlist.readonly",
            "https://www.googleapis.com/auth/calendar.calendarlist",
            "https://www.googleapis.com/auth/calendar.readonly",
            "https://www.googleapis.com/auth/calendar");

    @Inject
    Directory directory;

    @Inject
    Transactions transactions;

    @Inject
    AccessTokens tokens;

    @Inject
    GooglePort google;

    @Inject
    ConnectionStore store;

    @Inject
    Connections connections;

    @Inject
    Event<CalendarChanged> changed;

    /** One calendar as list-calendars shows it. */
    public record CalendarView(String id, String summary, boolean primary) {
    }

    /** The answer of list-calendars; {@code limited} when the grant cannot read the calendar list. */
    public record CalendarList(List<CalendarView> calendars, boolean limited) {
    }

    public CalendarList list(Caller caller) {
        StaffMember staff = transactions.required(() -> directory.staffOf(caller));
        return list(tokens.connected(staff.id()));
    }

    private CalendarList list(StoredConnection connection) {
        // The token comes first even when limited: a dead grant must say needs_reconnect.
        List<CalendarEntry> entries;
        try {
            if (!canReadCalendarList(connection.grantedScopes())) {
                tokens.validToken(connection);
                return new CalendarList(List.of(new CalendarView(ConnectionStore.DEFAULT_CALENDAR,
                        "Primary calendar", true)), true);
            }
            entries = tokens.withAccessToken(connection, google::listCalendars);
        } catch (GoogleFailure e) {
            throw AccessTokens.asApiError(e);
        }
        List<CalendarView> writable = new ArrayList<>();
        entries.stream()
                .filter(CalendarEntry::writable)
                .sorted(Comparator.comparing((CalendarEntry e) -> !e.primary()))
                .forEach(e -> writable.add(new CalendarView(e.id(), e.summary(), e.primary())));
        return new CalendarList(writable, false);
    }

    static boolean canReadCalendarList(String grantedScopes) {
        return grantedScopes != null && Arrays.stream(grantedScopes.split(" ")).anyMatch(LIST_SCOPES::contains);
    }

    /** Selects a calendar, only one that list-calendars would return. */
    public ConnectionView select(Caller caller, String calendarId) {
        StaffMember staff = transactions.required(() -> directory.staffOf(caller));
        StoredConnection connection = tokens.connected(staff.id());
        boolean listed = list(connection).calendars().stream()
                .anyMatch(c -> c.id().equals(calendarId) || (c.primary() && "primary".equals(calendarId)));
        if (!listed) {
            throw ApiException.badRequest("unknown_calendar",
                    "That calendar is not one this clinician may sync to; choose one from google-calendar-list-calendars.");
        }
        store.selectCalendar(staff.id(), calendarId);
        changed.fire(new CalendarChanged(staff.id()));
        return transactions.required(() -> connections.readAsUser(caller, staff.id()));
    }
}
