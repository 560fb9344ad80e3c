package com.valorwell.calendar.emulator;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * The Calendar API v3 methods the sync service uses: calendarList.list, freeBusy.query and
 * events insert/get/update/patch/delete. Every call needs a live access token with a scope the method
 * accepts; answers and errors have Google's JSON shapes so Google's Java client parses them unchanged.
 */
final class CalendarEndpoints {

    static final List<String> CALENDAR_LIST_SCOPES = List.of(GoogleEmulator.SCOPE_CALENDAR,
            GoogleEmulator.SCOPE_CALENDAR_READONLY, "https://www.googleapis.com/auth/calendar.calendarlist",
            GoogleEmulator.SCOPE_CALENDARLIST_READONLY);
    static final List<String> FREEBUSY_SCOPES = List.of(GoogleEmulator.SCOPE_CALENDAR,
            GoogleEmulator.SCOPE_CALENDAR_READONLY, GoogleEmulator.SCOPE_FREEBUSY,
            "https://www.googleapis.com/auth/calendar.events.freebusy");
    static final List<String> EVENTS_READ_SCOPES = List.of(GoogleEmulator.SCOPE_CALENDAR,
            GoogleEmulator.SCOPE_CALENDAR_READONLY, GoogleEmulator.SCOPE_EVENTS,
            "https://www.googleapis.com/auth/calendar.events.readonly");
    static final List<String> EVENTS_WRITE_SCOPES = List.of(GoogleEmulator.SCOPE_CALENDAR, GoogleEmulator.SCOPE_EVENTS);

    private static final int DEFAULT_PAGE_SIZE = 100;
    private static final int MAX_PAGE_SIZE = 250;
    private static final int MAX_FREEBUSY_ITEMS = 50;
    /** Google's rule for client-chosen event ids: base32hex characters, 5 to 1024 of them. */
    private static final Pattern EVENT_ID = Pattern.compile("[a-v0-9]{5,1024}");
    private static final List<String> SEND_UPDATES = List.of("all", "externalOnly", "none");
    private static final List<String> STATUSES = List.of("confirmed", "tentative", "cancelled");
    /** Fields the server owns: a client's values for them are ignored. */
    private static final Set<String> SERVER_FIELDS = Set.of("kind", "etag", "id", "htmlLink", "created", "updated",
            "creator", "organizer", "iCalUID", "status", "sequence");
    /** Google's member order, so answers read like Google's; unknown members follow. */
    private static final List<String> EVENT_ORDER = List.of("kind", "etag", "id", "status", "htmlLink", "created",
            "updated", "summary", "description", "location", "colorId", "creator", "organizer", "start", "end",
            "endTimeUnspecified", "recurrence", "transparency", "visibility", "iCalUID", "sequence", "attendees",
            "extendedProperties", "reminders", "eventType");
    private static final char[] BASE32HEX = "0123456789abcdefghijklmnopqrstuv".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final OAuthState oauth;
    private final CalendarState calendars;
    private final String baseUrl;
    private final AtomicLong etagSequence = new AtomicLong();

    CalendarEndpoints(OAuthState oauth, CalendarState calendars, String baseUrl) {
        this.oauth = oauth;
        this.calendars = calendars;
        this.baseUrl = baseUrl;
    }

    // ----- authentication and access

    /** The account behind the bearer token, after checking the token is live and has an accepted scope. */
    private CalendarState.Account authenticate(HttpCall call, String method, List<String> acceptedScopes) {
        String authorization = call.header("Authorization");
        if (authorization == null || authorization.isBlank()) {
            throw GoogleErrors.unauthenticated(true);
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw GoogleErrors.unauthenticated(false);
        }
        OAuthState.AccessToken token = oauth.validAccessToken(authorization.substring(7).trim());
        if (token == null) {
            throw GoogleErrors.unauthenticated(false);
        }
        if (token.grant.scopes.stream().noneMatch(acceptedScopes::contains)) {
            throw GoogleErrors.insufficientScope(method, acceptedScopes);
        }
        return calendars.ensureAccount(token.grant.account);
    }

    /** The calendar a path names, as seen by the account; 404 if not in its list, 403 if the role is too low. */
    private CalendarState.CalendarData calendarFor(CalendarState.Account account, String pathCalendarId, boolean write) {
        String id = CalendarState.resolve(account, pathCalendarId);
        String role = account.role(id);
        CalendarState.CalendarData data = role == null ? null : calendars.existingCalendar(id);
        if (data == null) {
            throw GoogleErrors.notFound();
        }
        int rank = CalendarState.rank(role);
        if (write && rank < CalendarState.rank("writer")) {
            throw GoogleErrors.requiredAccessLevel("writer");
        }
        if (!write && rank < CalendarState.rank("reader")) {
            throw GoogleErrors.requiredAccessLevel("reader");
        }
        return data;
    }

    // ----- GET calendar/v3/users/me/calendarList

    Response calendarList(HttpCall call) {
        CalendarState.Account account = authenticate(call, "calendar.v3.CalendarList.List", CALENDAR_LIST_SCOPES);
        String minRole = call.param("minAccessRole");
        if (minRole != null && CalendarState.rank(minRole) < 0) {
            throw GoogleErrors.badRequest("invalidParameter", "Invalid value '" + minRole
                    + "'. Values must match the following regular expression: '(freeBusyReader|owner|reader|writer)'");
        }
        Integer maxResults = null;
        String max = call.param("maxResults");
        if (max != null) {
            try {
                maxResults = Integer.parseInt(max);
            } catch (NumberFormatException e) {
                maxResults = -1;
            }
            if (maxResults < 1 || maxResults > MAX_PAGE_SIZE) {
                throw GoogleErrors.badRequest("invalidParameter",
                        "Invalid value '" + max + "'. Values must be within the range: [1, " + MAX_PAGE_SIZE + "]");
            }
        }
        Integer forced = calendars.forcedCalendarListPageSize();
        int pageSize = forced != null ? (maxResults != null ? Math.min(forced, maxResults) : forced)
                : (maxResults != null ? maxResults : DEFAULT_PAGE_SIZE);
        int offset = decodePageToken(call.param("pageToken"));

        List<Map.Entry<String, String>> visible = new ArrayList<>();
        for (Map.Entry<String, String> e : account.entries()) {
            if (minRole == null || CalendarState.rank(e.getValue()) >= CalendarState.rank(minRole)) {
                visible.add(e);
            }
        }
        JsonArrayBuilder items = Json.createArrayBuilder();
        int end = Math.min(visible.size(), offset + pageSize);
        for (int i = offset; i < end; i++) {
            Map.Entry<String, String> e = visible.get(i);
            CalendarState.CalendarData data = calendars.calendar(e.getKey(), null, null);
            items.add(Jsons.obj(
                    "kind", "calendar#calendarListEntry",
                    "etag", quoted(Integer.toUnsignedString(Objects.hash(data.id, data.summary, data.timeZone, e.getValue()))),
                    "id", data.id,
                    "summary", data.summary,
                    "timeZone", data.timeZone,
                    "colorId", "14",
                    "backgroundColor", "#9fe1e7",
                    "foregroundColor", "#000000",
                    "selected", true,
                    "accessRole", e.getValue(),
                    "defaultReminders", List.of(),
                    "primary", data.id.equals(account.primaryId) ? Boolean.TRUE : null));
        }
        return Response.json(200, Jsons.obj(
                "kind", "calendar#calendarList",
                "etag", quoted("p" + Integer.toUnsignedString(visible.hashCode())),
                "nextPageToken", end < visible.size() ? encodePageToken(end) : null,
                "items", items.build()));
    }

    private static String encodePageToken(int offset) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("calendarList:" + offset).getBytes(StandardCharsets.UTF_8));
    }

    private static int decodePageToken(String token) {
        if (token == null || token.isEmpty()) {
            return 0;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (decoded.startsWith("calendarList:")) {
                int offset = Integer.parseInt(decoded.substring("calendarList:".length()));
                if (offset >= 0) {
                    return offset;
                }
            }
        } catch (IllegalArgumentException e) {
            // falls through to the 400 below
        }
        throw GoogleErrors.badRequest("invalid", "Invalid page token value.");
    }

    // ----- POST calendar/v3/freeBusy

    Response freeBusy(HttpCall call) {
        CalendarState.Account account = authenticate(call, "calendar.v3.Freebusy.Query", FREEBUSY_SCOPES);
        JsonObject body = call.jsonBody();
        Instant timeMin = requiredTime(body, "timeMin");
        Instant timeMax = requiredTime(body, "timeMax");
        if (!timeMin.isBefore(timeMax)) {
            throw new ApiError(GoogleErrors.api(400, "calendar", "timeRangeEmpty",
                    "The specified time range is empty.", null));
        }
        List<JsonObject> items;
        try {
            items = Jsons.objects(body, "items");
        } catch (IllegalArgumentException e) {
            throw GoogleErrors.badRequest("invalid", "Invalid value for: items");
        }
        if (items.size() > MAX_FREEBUSY_ITEMS) {
            throw new ApiError(GoogleErrors.api(400, "calendar", "tooManyCalendarsRequested",
                    "The number of calendars requested is too large.", null));
        }
        JsonObjectBuilder result = Json.createObjectBuilder();
        for (JsonObject item : items) {
            String asked = Jsons.text(item, "id");
            if (asked == null) {
                throw GoogleErrors.badRequest("required", "Missing id in items.");
            }
            result.add(asked, freeBusyFor(account, asked, timeMin, timeMax));
        }
        return Response.json(200, Jsons.obj(
                "kind", "calendar#freeBusy",
                "timeMin", Jsons.rfc3339(timeMin),
                "timeMax", Jsons.rfc3339(timeMax),
                "calendars", result.build()));
    }

    private JsonObject freeBusyFor(CalendarState.Account account, String asked, Instant timeMin, Instant timeMax) {
        String id = CalendarState.resolve(account, asked);
        CalendarState.CalendarData data = calendars.existingCalendar(id);
        String forced = data == null ? null : data.forcedFreeBusyError;
        if (forced != null) {
            return calendarError(forced);
        }
        if (data == null || account.role(id) == null) {
            return calendarError("notFound");
        }
        List<Instant[]> busy = new ArrayList<>();
        synchronized (data) {
            for (JsonObject event : data.events.values()) {
                if ("cancelled".equals(Jsons.text(event, "status"))
                        || "transparent".equals(Jsons.text(event, "transparency"))) {
                    continue;
                }
                try {
                    busy.add(new Instant[] {
                        instant(Jsons.object(event, "start"), data.timeZone, "start"),
                        instant(Jsons.object(event, "end"), data.timeZone, "end")});
                } catch (ApiError unparseable) {
                    // Stored events were validated on write; nothing to report for one that is not.
                }
            }
            busy.addAll(data.busy);
        }
        JsonArrayBuilder blocks = Json.createArrayBuilder();
        busy.stream()
                .filter(b -> b[0].isBefore(timeMax) && b[1].isAfter(timeMin))
                .map(b -> new Instant[] {b[0].isBefore(timeMin) ? timeMin : b[0], b[1].isAfter(timeMax) ? timeMax : b[1]})
                .filter(b -> b[0].isBefore(b[1]))
                .sorted(Comparator.<Instant[], Instant>comparing(b -> b[0]).thenComparing(b -> b[1]))
                .forEach(b -> blocks.add(Jsons.obj("start", Jsons.rfc3339(b[0]), "end", Jsons.rfc3339(b[1]))));
        return Jsons.obj("busy", blocks.build());
    }

    /** How Google reports a calendar it could not answer for inside an otherwise successful freeBusy. */
    private static JsonObject calendarError(String reason) {
        return Jsons.obj("errors", List.of(Jsons.obj("domain", "global", "reason", reason)), "busy", List.of());
    }

    private static Instant requiredTime(JsonObject body, String name) {
        String value;
        try {
            value = Jsons.text(body, name);
        } catch (IllegalArgumentException e) {
            value = "";
        }
        if (value == null) {
            throw GoogleErrors.badRequest("required", "Missing " + name + " parameter.");
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeException e) {
            throw GoogleErrors.badRequest("invalid", "Invalid value for: " + name);
        }
    }

    // ----- events

    Response insertEvent(HttpCall call, String pathCalendarId) {
        CalendarState.Account account = authenticate(call, "calendar.v3.Events.Insert", EVENTS_WRITE_SCOPES);
        checkSendUpdates(call);
        CalendarState.CalendarData calendar = calendarFor(account, pathCalendarId, true);
        JsonObject body = call.jsonBody();
        String id;
        try {
            id = Jsons.text(body, "id");
        } catch (IllegalArgumentException e) {
            throw GoogleErrors.invalidResourceId();
        }
        if (id != null && !EVENT_ID.matcher(id).matches()) {
            throw GoogleErrors.invalidResourceId();
        }
        String status = status(body, "confirmed");
        Map<String, JsonValue> fields = clientFields(body);
        checkTimes(fields, calendar.timeZone);
        Instant now = Instant.now();
        synchronized (calendar) {
            if (id == null) {
                do {
                    id = generatedId();
                } while (calendar.events.containsKey(id));
            } else if (calendar.events.containsKey(id)) {
                throw GoogleErrors.duplicate();
            }
            Long sequence = Jsons.longValue(body, "sequence");
            String iCalUid = Jsons.text(body, "iCalUID");
            JsonObject stored = assemble(fields, id, status, now, now, sequence == null ? 0 : sequence,
                    iCalUid != null ? iCalUid : id + "@google.com", calendar.id, account.email);
            calendar.events.put(id, stored);
            return Response.json(200, stored);
        }
    }

    Response getEvent(HttpCall call, String pathCalendarId, String eventId) {
        CalendarState.Account account = authenticate(call, "calendar.v3.Events.Get", EVENTS_READ_SCOPES);
        CalendarState.CalendarData calendar = calendarFor(account, pathCalendarId, false);
        synchronized (calendar) {
            JsonObject event = calendar.events.get(eventId);
            if (event == null) {
                throw GoogleErrors.notFound();
            }
            return Response.json(200, event);
        }
    }

    /** PUT: replaces the client's fields; a deleted event is restored only by a body with status confirmed. */
    Response updateEvent(HttpCall call, String pathCalendarId, String eventId) {
        CalendarState.Account account = authenticate(call, "calendar.v3.Events.Update", EVENTS_WRITE_SCOPES);
        checkSendUpdates(call);
        CalendarState.CalendarData calendar = calendarFor(account, pathCalendarId, true);
        JsonObject body = call.jsonBody();
        synchronized (calendar) {
            JsonObject existing = existingForWrite(calendar, eventId, body);
            return Response.json(200, replace(calendar, existing, clientFields(body), status(body, "confirmed"), body));
        }
    }

    /** PATCH (or POST with X-HTTP-Method-Override: PATCH): merges into the client's fields; null removes. */
    Response patchEvent(HttpCall call, String pathCalendarId, String eventId) {
        CalendarState.Account account = authenticate(call, "calendar.v3.Events.Patch", EVENTS_WRITE_SCOPES);
        checkSendUpdates(call);
        CalendarState.CalendarData calendar = calendarFor(account, pathCalendarId, true);
        JsonObject body = call.jsonBody();
        synchronized (calendar) {
            JsonObject existing = existingForWrite(calendar, eventId, body);
            JsonObject merged = merge(Jsons.value(clientFields(existing)).asJsonObject(),
                    Jsons.value(clientFields(body)).asJsonObject());
            String status = status(body, Jsons.text(existing, "status"));
            return Response.json(200, replace(calendar, existing, new LinkedHashMap<>(merged), status, body));
        }
    }

    Response deleteEvent(HttpCall call, String pathCalendarId, String eventId) {
        CalendarState.Account account = authenticate(call, "calendar.v3.Events.Delete", EVENTS_WRITE_SCOPES);
        checkSendUpdates(call);
        CalendarState.CalendarData calendar = calendarFor(account, pathCalendarId, true);
        synchronized (calendar) {
            JsonObject existing = calendar.events.get(eventId);
            if (existing == null) {
                throw GoogleErrors.notFound();
            }
            if ("cancelled".equals(Jsons.text(existing, "status"))) {
                throw GoogleErrors.deleted();
            }
            calendar.events.put(eventId, Json.createObjectBuilder(existing)
                    .add("status", "cancelled")
                    .add("etag", newEtag())
                    .add("updated", Jsons.rfc3339Millis(Instant.now()))
                    .build());
        }
        return Response.noContent();
    }

    /** The event to update: 404 if unknown, 410 if deleted unless the body restores it. */
    private static JsonObject existingForWrite(CalendarState.CalendarData calendar, String eventId, JsonObject body) {
        JsonObject existing = calendar.events.get(eventId);
        if (existing == null) {
            throw GoogleErrors.notFound();
        }
        if ("cancelled".equals(Jsons.text(existing, "status"))) {
            String wanted = Jsons.has(body, "status") ? Jsons.text(body, "status") : null;
            if (!"confirmed".equals(wanted) && !"tentative".equals(wanted)) {
                throw GoogleErrors.deleted();
            }
        }
        return existing;
    }

    /** Writes the new version of an event, keeping what the server owns; the caller holds the calendar's monitor. */
    private JsonObject replace(CalendarState.CalendarData calendar, JsonObject existing, Map<String, JsonValue> fields,
                               String status, JsonObject body) {
        checkTimes(fields, calendar.timeZone);
        long sequence = Jsons.longValue(existing, "sequence");
        boolean timesChanged = !Objects.equals(existing.get("start"), fields.get("start"))
                || !Objects.equals(existing.get("end"), fields.get("end"));
        Long asked = Jsons.longValue(body, "sequence");
        long next = Math.max(timesChanged ? sequence + 1 : sequence, asked == null ? 0 : asked);
        JsonObject creator = Jsons.object(existing, "creator");
        JsonObject stored = assemble(fields, Jsons.text(existing, "id"), status,
                Instant.parse(Jsons.text(existing, "created")), Instant.now(), next,
                Jsons.text(existing, "iCalUID"), calendar.id,
                creator == null ? calendar.id : Jsons.text(creator, "email"));
        calendar.events.put(Jsons.text(existing, "id"), stored);
        return stored;
    }

    private JsonObject assemble(Map<String, JsonValue> fields, String id, String status, Instant created,
                                Instant updated, long sequence, String iCalUid, String calendarId, String creatorEmail) {
        Map<String, JsonValue> all = new LinkedHashMap<>();
        all.put("kind", Json.createValue("calendar#event"));
        all.put("etag", Json.createValue(newEtag()));
        all.put("id", Json.createValue(id));
        all.put("status", Json.createValue(status));
        all.put("htmlLink", Json.createValue(baseUrl + "calendar/event?eid=" + Base64.getUrlEncoder().withoutPadding()
                .encodeToString((id + " " + calendarId).getBytes(StandardCharsets.UTF_8))));
        all.put("created", Json.createValue(Jsons.rfc3339Millis(created)));
        all.put("updated", Json.createValue(Jsons.rfc3339Millis(updated)));
        all.put("creator", Jsons.obj("email", creatorEmail, "self", true));
        all.put("organizer", Jsons.obj("email", calendarId, "self", true));
        all.put("iCalUID", Json.createValue(iCalUid));
        all.put("sequence", Json.createValue(sequence));
        all.putAll(fields);
        all.putIfAbsent("reminders", Jsons.obj("useDefault", true));
        all.putIfAbsent("eventType", Json.createValue("default"));
        JsonObjectBuilder b = Json.createObjectBuilder();
        for (String name : EVENT_ORDER) {
            JsonValue v = all.remove(name);
            if (v != null) {
                b.add(name, v);
            }
        }
        all.forEach(b::add);
        return b.build();
    }

    /** The client's members of an event body, without server-owned ones and without JSON nulls. */
    private static Map<String, JsonValue> clientFields(JsonObject body) {
        Map<String, JsonValue> out = new LinkedHashMap<>();
        body.forEach((name, value) -> {
            if (!SERVER_FIELDS.contains(name) && value.getValueType() != JsonValue.ValueType.NULL) {
                out.put(name, value);
            }
        });
        return out;
    }

    /** JSON merge as Google's patch does it: objects merge member by member, null removes, others replace. */
    private static JsonObject merge(JsonObject base, JsonObject patch) {
        JsonObjectBuilder b = Json.createObjectBuilder(base);
        patch.forEach((name, value) -> {
            JsonValue old = base.get(name);
            if (value.getValueType() == JsonValue.ValueType.NULL) {
                b.remove(name);
            } else if (value.getValueType() == JsonValue.ValueType.OBJECT && old != null
                    && old.getValueType() == JsonValue.ValueType.OBJECT) {
                b.add(name, merge(old.asJsonObject(), value.asJsonObject()));
            } else {
                b.add(name, value);
            }
        });
        return b.build();
    }

    private static String status(JsonObject body, String otherwise) {
        if (!Jsons.has(body, "status")) {
            return otherwise;
        }
        JsonValue v = body.get("status");
        String s = v instanceof JsonString js ? js.getString() : null;
        if (s == null || !STATUSES.contains(s)) {
            throw GoogleErrors.badRequest("invalid", "Invalid value for: status");
        }
        return s;
    }

    private static void checkSendUpdates(HttpCall call) {
        String v = call.param("sendUpdates");
        if (v != null && !SEND_UPDATES.contains(v)) {
            throw GoogleErrors.badRequest("invalidParameter", "Invalid value '" + v
                    + "'. Values must match the following regular expression: '(all|externalOnly|none)'");
        }
    }

    /** Start and end are required and the end may not precede the start, as at Google. */
    private static void checkTimes(Map<String, JsonValue> fields, String calendarTimeZone) {
        Instant start = instant(object(fields.get("start")), calendarTimeZone, "start");
        Instant end = instant(object(fields.get("end")), calendarTimeZone, "end");
        if (end.isBefore(start)) {
            throw new ApiError(GoogleErrors.api(400, "calendar", "timeRangeEmpty",
                    "The specified time range is empty.", null));
        }
    }

    private static JsonObject object(JsonValue v) {
        return v != null && v.getValueType() == JsonValue.ValueType.OBJECT ? v.asJsonObject() : null;
    }

    /** An event time: {@code dateTime} (with offset, or local with {@code timeZone}) or an all-day {@code date}. */
    static Instant instant(JsonObject time, String calendarTimeZone, String which) {
        if (time == null) {
            throw GoogleErrors.badRequest("required", "Missing " + which + " time.");
        }
        try {
            String zoneName = Jsons.text(time, "timeZone");
            ZoneId zone = ZoneId.of(zoneName != null ? zoneName : calendarTimeZone);
            String dateTime = Jsons.text(time, "dateTime");
            if (dateTime != null) {
                try {
                    return OffsetDateTime.parse(dateTime).toInstant();
                } catch (DateTimeException noOffset) {
                    return LocalDateTime.parse(dateTime).atZone(zone).toInstant();
                }
            }
            String date = Jsons.text(time, "date");
            if (date != null) {
                return LocalDate.parse(date).atStartOfDay(zone).toInstant();
            }
        } catch (DateTimeException | IllegalArgumentException e) {
            throw GoogleErrors.badRequest("invalid", "Invalid " + which + " time.");
        }
        throw GoogleErrors.badRequest("required", "Missing " + which + " time.");
    }

    private String newEtag() {
        return quoted(Long.toString(System.currentTimeMillis() * 1000 + etagSequence.incrementAndGet() % 1000));
    }

    private static String quoted(String s) {
        return "\"" + s + "\"";
    }

    private static String generatedId() {
        char[] id = new char[26];
        for (int i = 0; i < id.length; i++) {
            id[i] = BASE32HEX[RANDOM.nextInt(BASE32HEX.length)];
        }
        return new String(id);
    }
}
