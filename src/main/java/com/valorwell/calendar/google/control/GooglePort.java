package com.valorwell.calendar.google.control;

import com.valorwell.calendar.google.entity.BusyInterval;
import com.valorwell.calendar.google.entity.CalendarEntry;
import com.valorwell.calendar.google.entity.EventData;
import com.valorwell.calendar.google.entity.TokenGrant;
import java.time.Instant;
import java.util.List;

/**
 * The one way the service talks to Google (OAuth 2.0 and Calendar v3). It speaks the
 * product's own records; every failure is a {@link com.valorwell.calendar.google.entity.GoogleFailure}.
 * Nothing outside the adapter knows Google's client library.
 */
public interface GooglePort {

    /** Exchanges an authorization code (with its PKCE verifier) for tokens. */
    TokenGrant exchangeCode(String code, String codeVerifier);

    /** A new access token for a refresh token; {@code INVALID_GRANT} when revoked or expired. */
    TokenGrant refresh(String refreshToken);

    /** Revokes a token (and with it the grant). */
    void revoke(String token);

    /** Every calendar of the user's list, all pages, in Google's order. */
    List<CalendarEntry> listCalendars(String accessToken);

    /**
     * Busy blocks of one calendar in [timeMin, timeMax), as Google reports them. A
     * per-calendar error in Google's answer is a failure, never an empty list.
     */
    List<BusyInterval> freeBusy(String accessToken, String calendarId, Instant timeMin, Instant timeMax);

    /** Inserts an event with the service-chosen id ({@code DUPLICATE} when it exists), {@code sendUpdates=none}. */
    void insertEvent(String accessToken, String calendarId, String eventId, EventData event);

    /**
     * Replaces an event's content, making a deleted event visible again (status
     * confirmed); {@code NOT_FOUND} when there is none.
     */
    void updateEvent(String accessToken, String calendarId, String eventId, EventData event);

    /** Deletes an event; {@code NOT_FOUND} / {@code GONE} when it is not there. */
    void deleteEvent(String accessToken, String calendarId, String eventId);
}
