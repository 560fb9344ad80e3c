package com.valorwell.calendar.google.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.valorwell.calendar.emulator.CalendarSpec;
import com.valorwell.calendar.emulator.CapturedRequest;
import com.valorwell.calendar.emulator.Fault;
import com.valorwell.calendar.emulator.GoogleEmulator;
import com.valorwell.calendar.google.entity.BusyInterval;
import com.valorwell.calendar.google.entity.CalendarEntry;
import com.valorwell.calendar.google.entity.EventData;
import com.valorwell.calendar.google.entity.GoogleFailure;
import com.valorwell.calendar.google.entity.GoogleFailure.Kind;
import com.valorwell.calendar.google.entity.TokenGrant;
import com.valorwell.calendar.platform.config.Settings;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/**
 * Runs the real adapter, with Google's own Java clients, against the in-process Google
 * emulator: what it sends, how it reads each answer, and how every failure is reduced.
 */
@Timeout(30)
class GoogleClientAdapterTest {

    private static final String ACCOUNT = GoogleEmulator.DEFAULT_ACCOUNT;
    private static final String REDIRECT_URI = "http://127.0.0.1:1/functions/v1/google-calendar-auth-callback";
    private static final List<String> SCOPES = List.of(GoogleEmulator.SCOPE_FREEBUSY, GoogleEmulator.SCOPE_EVENTS,
            GoogleEmulator.SCOPE_CALENDARLIST_READONLY);
    private static final String EVENT_ID = "0123456789abcdef0123456789abcdef";
    /** Thanksgiving 2026 in New York: 09:00-10:00 at -05:00. */
    private static final EventData SESSION = new EventData("ValorWell",
            OffsetDateTime.parse("2026-11-26T09:00:00-05:00"), OffsetDateTime.parse("2026-11-26T10:00:00-05:00"),
            "America/New_York");
    /** Held strongly: java.util.logging keeps loggers only weakly. */
    private static final Logger ADAPTER_LOG = Logger.getLogger(GoogleClientAdapter.class.getName());
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private static GoogleEmulator emulator;
    private static GoogleClientAdapter adapter;

    private final List<LogRecord> logs = new CopyOnWriteArrayList<>();
    private final List<String> observed = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logs.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Level previousLevel;
    private boolean previousUseParentHandlers;

    @BeforeAll
    static void start() {
        emulator = GoogleEmulator.start(0);
        adapter = new GoogleClientAdapter(settings("PT2S"));
    }

    @AfterAll
    static void stop() {
        emulator.stop();
    }

    @BeforeEach
    void setUp() {
        emulator.reset();
        previousLevel = ADAPTER_LOG.getLevel();
        previousUseParentHandlers = ADAPTER_LOG.getUseParentHandlers();
        ADAPTER_LOG.setLevel(Level.ALL);
        // The failures here are on purpose: keep their lines out of the build output.
        ADAPTER_LOG.setUseParentHandlers(false);
        capture.setLevel(Level.ALL);
        ADAPTER_LOG.addHandler(capture);
        adapter.observeWith((operation, status, nanos) -> observed.add(operation + " " + status));
    }

    @AfterEach
    void tearDown() {
        ADAPTER_LOG.removeHandler(capture);
        ADAPTER_LOG.setLevel(previousLevel);
        ADAPTER_LOG.setUseParentHandlers(previousUseParentHandlers);
        adapter.observeWith(null);
    }

    // ================================================================== OAuth

    @Test
    void exchangeCodeSendsTheVerifierAndParsesTheGrant() throws Exception {
        Pkce pkce = Pkce.create();
        String code = authorizationCode(pkce);

        GoogleFailure wrong = assertFailure(Kind.INVALID_GRANT, "token.authorization_code", 400,
                () -> adapter.exchangeCode(code, Pkce.create().verifier()));
        assertTrue(wrong.retryAfter().isEmpty());

        TokenGrant grant = adapter.exchangeCode(code, pkce.verifier());
        assertTrue(grant.accessToken().startsWith("emu-at-"));
        assertNotNull(grant.refreshToken());
        assertEquals(3599, grant.expiresInSeconds());
        assertEquals(Set.copyOf(SCOPES), grant.scopes());

        List<CapturedRequest> sent = emulator.requests("token.authorization_code");
        assertEquals(2, sent.size());
        Map<String, String> form = form(sent.get(1).body());
        assertEquals(pkce.verifier(), form.get("code_verifier"));
        assertEquals(REDIRECT_URI, form.get("redirect_uri"));
        assertEquals("authorization_code", form.get("grant_type"));
        assertEquals(GoogleEmulator.DEFAULT_CLIENT_ID, form.get("client_id"));
        assertNull(sent.get(1).query(), "nothing in the URL");
        assertEquals(List.of("token.authorization_code 400", "token.authorization_code 200"), observed);
    }

    @Test
    void exchangeCodeWithoutRefreshTokenGivesNull() throws Exception {
        emulator.setOmitRefreshToken(true);
        Pkce pkce = Pkce.create();
        TokenGrant grant = adapter.exchangeCode(authorizationCode(pkce), pkce.verifier());
        assertNotNull(grant.accessToken());
        assertNull(grant.refreshToken());
    }

    @Test
    void exchangeCodeRedirectMismatchIsRejected() throws Exception {
        Map<String, String> m = baseSettings("PT2S");
        m.put("GOOGLE_REDIRECT_URI", REDIRECT_URI + "/other");
        GoogleClientAdapter otherRedirect = new GoogleClientAdapter(load(m));
        Pkce pkce = Pkce.create();
        String code = authorizationCode(pkce);
        assertFailure(Kind.REJECTED, "token.authorization_code", 400, () -> otherRedirect.exchangeCode(code, pkce.verifier()));
    }

    @Test
    void refreshGivesANewAccessTokenUntilTheGrantIsRevoked() {
        GoogleEmulator.IssuedTokens issued = emulator.issueTokens(ACCOUNT, SCOPES);
        TokenGrant refreshed = adapter.refresh(issued.refreshToken());
        assertNotNull(refreshed.accessToken());
        assertFalse(refreshed.accessToken().equals(issued.accessToken()));
        assertNull(refreshed.refreshToken(), "Google sends no new refresh token on a refresh");
        assertEquals(Set.copyOf(SCOPES), refreshed.scopes());
        assertEquals(1, adapter.listCalendars(refreshed.accessToken()).size(), "the new token works");

        emulator.revokeTokens(ACCOUNT);
        assertFailure(Kind.INVALID_GRANT, "token.refresh_token", 400, () -> adapter.refresh(issued.refreshToken()));
        assertEquals(2, emulator.callCount("token.refresh_token"));
    }

    @Test
    void tokenEndpointErrorsAreReduced() {
        String refreshToken = emulator.issueTokens(ACCOUNT, SCOPES).refreshToken();
        String inThirtySeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                Instant.now().plusSeconds(30).atOffset(ZoneOffset.UTC));
        emulator.addFault(Fault.on("token.refresh_token").status(503).retryAfter(inThirtySeconds).count(1));
        GoogleFailure unavailable = assertFailure(Kind.UNAVAILABLE, "token.refresh_token", 503,
                () -> adapter.refresh(refreshToken));
        Duration after = unavailable.retryAfter().orElseThrow();
        assertTrue(after.compareTo(Duration.ofSeconds(25)) > 0 && after.compareTo(Duration.ofSeconds(30)) <= 0,
                "HTTP-date Retry-After, got " + after);
        assertTrue(unavailable.transientFailure());

        emulator.addFault(Fault.on("token.refresh_token").status(429).retryAfter("12").count(1));
        GoogleFailure limited = assertFailure(Kind.RATE_LIMITED, "token.refresh_token", 429,
                () -> adapter.refresh(refreshToken));
        assertEquals(Optional.of(Duration.ofSeconds(12)), limited.retryAfter());

        emulator.addFault(Fault.on("token.refresh_token").status(401).reason("invalid_client").count(1));
        assertFailure(Kind.REJECTED, "token.refresh_token", 401, () -> adapter.refresh(refreshToken));

        emulator.addFault(Fault.on("token.refresh_token").status(400).reason("invalid_request").count(1));
        assertFailure(Kind.REJECTED, "token.refresh_token", 400, () -> adapter.refresh(refreshToken));

        assertNotNull(adapter.refresh(refreshToken).accessToken(), "faults were one-shot");
        assertEquals(5, emulator.callCount("token.refresh_token"), "no retries");
    }

    @Test
    void tokenEndpointSlowerThanTheTimeoutIsUnavailable() {
        GoogleClientAdapter impatient = new GoogleClientAdapter(settings("PT0.4S"));
        String refreshToken = emulator.issueTokens(ACCOUNT, SCOPES).refreshToken();
        emulator.addFault(Fault.on("token.refresh_token").latencyMs(1500).count(1));
        long started = System.nanoTime();
        assertFailure(Kind.UNAVAILABLE, "token.refresh_token", 0, () -> impatient.refresh(refreshToken));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertTrue(ms >= 350 && ms < 1400, "timed out after " + ms + " ms");
        assertEquals(1, emulator.callCount("token.refresh_token"));
    }

    @Test
    void unreachableTokenEndpointIsUnavailable() {
        Map<String, String> m = baseSettings("PT2S");
        m.put("GOOGLE_TOKEN_URI", "http://127.0.0.1:1/token");
        GoogleClientAdapter nowhere = new GoogleClientAdapter(load(m));
        assertFailure(Kind.UNAVAILABLE, "token.refresh_token", 0, () -> nowhere.refresh("emu-rt-unknown"));
    }

    @Test
    void revokeSendsTheTokenInTheBodyAndIsIdempotent() {
        GoogleEmulator.IssuedTokens issued = emulator.issueTokens(ACCOUNT, SCOPES);
        adapter.revoke(issued.refreshToken());

        CapturedRequest sent = emulator.requests("revoke").get(0);
        assertEquals("POST", sent.method());
        assertTrue(sent.query() == null || !sent.query().contains(issued.refreshToken()), "token not in the URL");
        assertTrue(sent.header("Content-Type").startsWith("application/x-www-form-urlencoded"));
        assertEquals(issued.refreshToken(), form(sent.body()).get("token"));
        assertFailure(Kind.INVALID_GRANT, "token.refresh_token", 400, () -> adapter.refresh(issued.refreshToken()));

        adapter.revoke(issued.refreshToken());
        assertEquals(400, emulator.requests("revoke").get(1).status(), "Google answered invalid_token: still ok");

        emulator.addFault(Fault.on("revoke").status(503).count(1));
        assertFailure(Kind.UNAVAILABLE, "revoke", 503, () -> adapter.revoke(issued.accessToken()));
        emulator.addFault(Fault.on("revoke").status(400).reason("invalid_request").count(1));
        assertFailure(Kind.REJECTED, "revoke", 400, () -> adapter.revoke(issued.accessToken()));
        assertEquals(4, emulator.callCount("revoke"));
    }

    // ================================================================== calendar list and free/busy

    @Test
    void listCalendarsFollowsEveryPageInOrder() {
        emulator.addAccount(ACCOUNT,
                CalendarSpec.of("team@group.calendar.google.com", "Team", "writer"),
                CalendarSpec.of("holidays@group.v.calendar.google.com", "Holidays", "reader"),
                CalendarSpec.of("boss@example.com", "Boss", "freeBusyReader"),
                CalendarSpec.of("clinic@group.calendar.google.com", "Clinic", "owner"));
        emulator.forceCalendarListPageSize(2);
        String token = emulator.issueTokens(ACCOUNT, SCOPES).accessToken();

        List<CalendarEntry> calendars = adapter.listCalendars(token);

        assertEquals(List.of(
                new CalendarEntry(ACCOUNT, ACCOUNT, true, "owner"),
                new CalendarEntry("team@group.calendar.google.com", "Team", false, "writer"),
                new CalendarEntry("holidays@group.v.calendar.google.com", "Holidays", false, "reader"),
                new CalendarEntry("boss@example.com", "Boss", false, "freeBusyReader"),
                new CalendarEntry("clinic@group.calendar.google.com", "Clinic", false, "owner")), calendars);
        List<CapturedRequest> pages = emulator.requests("calendarList.list");
        assertEquals(3, pages.size());
        for (CapturedRequest page : pages) {
            assertTrue(page.query().contains("maxResults=250"), page.query());
            assertEquals("Bearer ***", page.header("Authorization"));
            assertFalse(page.query().contains(token));
        }
        assertFalse(pages.get(0).query().contains("pageToken"));
        assertTrue(pages.get(2).query().contains("pageToken"));
    }

    @Test
    void freeBusyReturnsTheCalendarsBusyBlocks() {
        String token = emulator.issueTokens(ACCOUNT, SCOPES).accessToken();
        Instant nine = Instant.parse("2026-11-26T14:00:00Z");
        emulator.addBusy(ACCOUNT, nine, nine.plusSeconds(3600));
        emulator.addBusy(ACCOUNT, nine.plusSeconds(7200), nine.plusSeconds(9000));
        emulator.addBusy(ACCOUNT, nine.plusSeconds(86_400 * 5), nine.plusSeconds(86_400 * 5 + 60));

        List<BusyInterval> busy = adapter.freeBusy(token, ACCOUNT, nine.minusSeconds(3600), nine.plusSeconds(86_400));

        assertEquals(List.of(new BusyInterval(nine, nine.plusSeconds(3600)),
                new BusyInterval(nine.plusSeconds(7200), nine.plusSeconds(9000))), busy);
        JsonObject body = json(emulator.requests("freeBusy.query").get(0).body());
        assertEquals("2026-11-26T13:00:00.000Z", body.getString("timeMin"));
        assertEquals(ACCOUNT, body.getJsonArray("items").getJsonObject(0).getString("id"));
        assertEquals(1, emulator.callCount("freeBusy.query"));
    }

    @Test
    void freeBusyErrorForTheCalendarIsAFailureNotAnEmptyList() {
        String token = emulator.issueTokens(ACCOUNT, SCOPES).accessToken();
        Instant min = Instant.parse("2026-11-26T00:00:00Z");
        Instant max = min.plusSeconds(86_400);

        emulator.forceFreeBusyError(ACCOUNT, "backendError");
        GoogleFailure backend = assertFailure(Kind.UNAVAILABLE, "freeBusy.query", 200,
                () -> adapter.freeBusy(token, ACCOUNT, min, max));
        assertTrue(backend.transientFailure());
        emulator.forceFreeBusyError(ACCOUNT, "internalError");
        assertFailure(Kind.UNAVAILABLE, "freeBusy.query", 200, () -> adapter.freeBusy(token, ACCOUNT, min, max));
        emulator.forceFreeBusyError(ACCOUNT, null);

        assertFailure(Kind.NOT_FOUND, "freeBusy.query", 200,
                () -> adapter.freeBusy(token, "nobody@example.com", min, max));
        assertEquals(List.of(), adapter.freeBusy(token, ACCOUNT, min, max), "free is an empty list without errors");
    }

    // ================================================================== events

    @Test
    void insertEventSendsOnlyIdSummaryAndTimesWithTheirOffset() {
        String token = emulator.issueTokens(ACCOUNT, SCOPES).accessToken();
        adapter.insertEvent(token, ACCOUNT, EVENT_ID, SESSION);

        CapturedRequest sent = emulator.requests("events.insert").get(0);
        assertTrue(sent.query().contains("sendUpdates=none"), sent.query());
        JsonObject body = json(sent.body());
        assertEquals(Set.of("id", "summary", "start", "end"), body.keySet());
        assertEquals(EVENT_ID, body.getString("id"));
        assertEquals("ValorWell", body.getString("summary"));
        JsonObject start = body.getJsonObject("start");
        assertEquals(Set.of("dateTime", "timeZone"), start.keySet());
        assertTrue(start.getString("dateTime").startsWith("2026-11-26T09:00:00"), start.toString());
        assertTrue(start.getString("dateTime").endsWith("-05:00"), start.toString());
        assertEquals("America/New_York", start.getString("timeZone"));
        assertTrue(body.getJsonObject("end").getString("dateTime").endsWith("-05:00"));

        JsonObject stored = emulator.events(ACCOUNT).get(0);
        assertEquals(EVENT_ID, stored.getString("id"));
        assertEquals("confirmed", stored.getString("status"));
        assertEquals(Instant.parse("2026-11-26T14:00:00Z"),
                OffsetDateTime.parse(stored.getJsonObject("start").getString("dateTime")).toInstant());

        assertFailure(Kind.DUPLICATE, "events.insert", 409, () -> adapter.insertEvent(token, ACCOUNT, EVENT_ID, SESSION));
        assertEquals(1, emulator.events(ACCOUNT).size());
    }

    @Test
    void insertEventWithoutTimeZoneSendsNone() {
        String token = emulator.issueTokens(ACCOUNT, SCOPES).accessToken();
        EventData noZone = new EventData("ValorWell", OffsetDateTime.parse("2026-07-01T09:30:00+05:30"),
                OffsetDateTime.parse("2026-07-01T10:30:00+05:30"), null);
        adapter.insertEvent(token, ACCOUNT, EVENT_ID, noZone);
        JsonObject start = json(emulator.requests("events.insert").get(0).body()).getJsonObject("start");
        assertEquals(Set.of("dateTime"), start.keySet());
        assertTrue(start.getString("dateTime").endsWith("+05:30"), start.toString());
    }

    @Test
    void updateEventReplacesTimesAndRestoresADeletedEvent() {
        String token = emulator.issueTokens(ACCOUNT, SCOPES).accessToken();
        adapter.insertEvent(token, ACCOUNT, EVENT_ID, SESSION);
        EventData moved = new EventData("ValorWell", OffsetDateTime.parse("2026-11-27T11:00:00-05:00"),
                OffsetDateTime.parse("2026-11-27T12:30:00-05:00"), "America/New_York");

        adapter.updateEvent(token, ACCOUNT, EVENT_ID, moved);
        JsonObject stored = emulator.events(ACCOUNT).get(0);
        assertEquals(Instant.parse("2026-11-27T16:00:00Z"),
                OffsetDateTime.parse(stored.getJsonObject("start").getString("dateTime")).toInstant());
        assertEquals(Instant.parse("2026-11-27T17:30:00Z"),
                OffsetDateTime.parse(stored.getJsonObject("end").getString("dateTime")).toInstant());
        CapturedRequest sent = emulator.requests("events.update").get(0);
        assertEquals("PUT", sent.method());
        assertTrue(sent.query().contains("sendUpdates=none"));
        assertEquals(Set.of("summary", "start", "end", "status"), json(sent.body()).keySet());

        adapter.deleteEvent(token, ACCOUNT, EVENT_ID);
        assertEquals("cancelled", emulator.events(ACCOUNT).get(0).getString("status"));
        adapter.updateEvent(token, ACCOUNT, EVENT_ID, SESSION);
        assertEquals("confirmed", emulator.events(ACCOUNT).get(0).getString("status"), "visible again");

        assertFailure(Kind.NOT_FOUND, "events.update", 404,
                () -> adapter.updateEvent(token, ACCOUNT, "fedcba9876543210fedcba9876543210", SESSION));
    }

    @Test
    void deleteTwiceIsGoneAndUnknownIsNotFound() {
        String token = emulator.issueTokens(ACCOUNT, SCOPES).accessToken();
        adapter.insertEvent(token, ACCOUNT, EVENT_ID, SESSION);
        adapter.deleteEvent(token, ACCOUNT, EVENT_ID);
        assertTrue(emulator.requests("events.delete").get(0).query().contains("sendUpdates=none"));
        assertFailure(Kind.GONE, "events.delete", 410, () -> adapter.deleteEvent(token, ACCOUNT, EVENT_ID));
        assertFailure(Kind.NOT_FOUND, "events.delete", 404,
                () -> adapter.deleteEvent(token, ACCOUNT, "fedcba9876543210fedcba9876543210"));
        assertEquals(3, emulator.callCount("events.delete"));
    }

    // ================================================================== API failures

    @Test
    void expiredAccessTokenIsAuthFailed() {
        String token = emulator.issueTokens(ACCOUNT, SCOPES).accessToken();
        emulator.expireAccessTokens(ACCOUNT);
        assertFailure(Kind.AUTH_FAILED, "calendarList.list", 401, () -> adapter.listCalendars(token));
        assertFailure(Kind.AUTH_FAILED, "events.insert", 401, () -> adapter.insertEvent(token, ACCOUNT, EVENT_ID, SESSION));
        assertFailure(Kind.AUTH_FAILED, "events.delete", 401, () -> adapter.deleteEvent(token, ACCOUNT, EVENT_ID));
    }

    @Test
    void apiErrorsAreReduced() {
        String token = emulator.issueTokens(ACCOUNT, SCOPES).accessToken();

        emulator.addFault(Fault.on("events.insert").status(429).retryAfter("7").count(1));
        GoogleFailure limited = assertFailure(Kind.RATE_LIMITED, "events.insert", 429,
                () -> adapter.insertEvent(token, ACCOUNT, EVENT_ID, SESSION));
        assertEquals(Optional.of(Duration.ofSeconds(7)), limited.retryAfter());

        emulator.addFault(Fault.on("events.insert").status(403).reason("rateLimitExceeded").count(1));
        assertFailure(Kind.RATE_LIMITED, "events.insert", 403, () -> adapter.insertEvent(token, ACCOUNT, EVENT_ID, SESSION));
        emulator.addFault(Fault.on("freeBusy.query").status(403).reason("userRateLimitExceeded").count(1));
        assertFailure(Kind.RATE_LIMITED, "freeBusy.query", 403,
                () -> adapter.freeBusy(token, ACCOUNT, Instant.EPOCH, Instant.EPOCH.plusSeconds(60)));
        emulator.addFault(Fault.on("events.update").status(403).reason("forbidden").count(1));
        assertFailure(Kind.FORBIDDEN, "events.update", 403, () -> adapter.updateEvent(token, ACCOUNT, EVENT_ID, SESSION));

        emulator.addFault(Fault.on("events.insert").status(500).count(1));
        GoogleFailure server = assertFailure(Kind.UNAVAILABLE, "events.insert", 500,
                () -> adapter.insertEvent(token, ACCOUNT, EVENT_ID, SESSION));
        assertTrue(server.retryAfter().isEmpty());
        emulator.addFault(Fault.on("calendarList.list").status(503).retryAfter("30").count(1));
        assertEquals(Optional.of(Duration.ofSeconds(30)), assertFailure(Kind.UNAVAILABLE, "calendarList.list", 503,
                () -> adapter.listCalendars(token)).retryAfter());
        emulator.addFault(Fault.on("events.delete").status(400).count(1));
        assertFailure(Kind.REJECTED, "events.delete", 400, () -> adapter.deleteEvent(token, ACCOUNT, EVENT_ID));

        assertEquals(3, emulator.callCount("events.insert"), "no retries");
        assertTrue(emulator.events(ACCOUNT).isEmpty());
    }

    @Test
    void readOnlyCalendarIsForbidden() {
        emulator.addAccount(ACCOUNT, CalendarSpec.of("holidays@group.v.calendar.google.com", "Holidays", "reader"));
        String token = emulator.issueTokens(ACCOUNT, SCOPES).accessToken();
        assertFailure(Kind.FORBIDDEN, "events.insert", 403,
                () -> adapter.insertEvent(token, "holidays@group.v.calendar.google.com", EVENT_ID, SESSION));
    }

    @Test
    void droppedConnectionIsUnavailableWithoutAStatus() {
        String token = emulator.issueTokens(ACCOUNT, SCOPES).accessToken();
        emulator.addFault(Fault.on("events.insert").dropConnection(true));
        GoogleFailure dropped = assertFailure(Kind.UNAVAILABLE, "events.insert", 0,
                () -> adapter.insertEvent(token, ACCOUNT, EVENT_ID, SESSION));
        assertTrue(dropped.transientFailure());
        assertEquals(1, emulator.callCount("events.insert"));
        assertEquals(List.of("events.insert 0"), observed);
    }

    /**
     * Not the adapter's doing, but worth pinning down: HttpURLConnection itself re-sends a GET
     * (and only a GET: not DELETE, POST or PUT) once when the connection dies before any answer.
     * The only GET here is calendarList.list, which is safe to repeat.
     */
    @Test
    void droppedConnectionIsResentOnceByTheJdkOnlyForAGet() {
        String token = emulator.issueTokens(ACCOUNT, SCOPES).accessToken();
        adapter.insertEvent(token, ACCOUNT, EVENT_ID, SESSION);
        emulator.addFault(Fault.on("events.delete").dropConnection(true));
        emulator.addFault(Fault.on("calendarList.list").dropConnection(true));
        assertFailure(Kind.UNAVAILABLE, "events.delete", 0, () -> adapter.deleteEvent(token, ACCOUNT, EVENT_ID));
        assertFailure(Kind.UNAVAILABLE, "calendarList.list", 0, () -> adapter.listCalendars(token));
        assertEquals(1, emulator.callCount("events.delete"));
        assertEquals(2, emulator.callCount("calendarList.list"));

        emulator.clearFaults();
        emulator.addFault(Fault.on("calendarList.list").dropConnection(true).count(1));
        assertEquals(1, adapter.listCalendars(token).size(), "a one-off drop of a GET is hidden by the re-send");
        assertEquals(4, emulator.callCount("calendarList.list"));
        assertEquals(List.of("events.insert 200", "events.delete 0", "calendarList.list 0", "calendarList.list 200"),
                observed, "the adapter itself sees one call each time");
    }

    @Test
    void unexpectedClientExceptionIsUnavailable() {
        String token = emulator.issueTokens(ACCOUNT, SCOPES).accessToken();
        assertFailure(Kind.UNAVAILABLE, "events.insert", 0, () -> adapter.insertEvent(token, null, EVENT_ID, SESSION));
        assertTrue(warnings().get(0).contains("NullPointerException"), warnings().toString());
        assertEquals(0, emulator.callCount("events.insert"));
    }

    @Test
    void retryAfterIsSecondsOrAnHttpDate() {
        Instant now = Instant.parse("2026-11-26T12:00:00Z");
        assertEquals(Duration.ofSeconds(120), FailureMapping.retryAfter(" 120 ", now));
        assertEquals(Duration.ofSeconds(90), FailureMapping.retryAfter("Thu, 26 Nov 2026 12:01:30 GMT", now));
        assertEquals(Duration.ZERO, FailureMapping.retryAfter("Thu, 26 Nov 2026 11:00:00 GMT", now));
        assertNull(FailureMapping.retryAfter("soon", now));
        assertNull(FailureMapping.retryAfter("-5", now));
        assertNull(FailureMapping.retryAfter("99999999999999999999999", now));
        assertNull(FailureMapping.retryAfter(null, now));
    }

    @Test
    void apiSlowerThanTheTimeoutIsUnavailable() {
        GoogleClientAdapter impatient = new GoogleClientAdapter(settings("PT0.4S"));
        String token = emulator.issueTokens(ACCOUNT, SCOPES).accessToken();
        emulator.addFault(Fault.on("events.insert").storeThenTimeout(true).latencyMs(1500).count(1));
        assertFailure(Kind.UNAVAILABLE, "events.insert", 0, () -> impatient.insertEvent(token, ACCOUNT, EVENT_ID, SESSION));
        assertEquals(1, emulator.events(ACCOUNT).size(), "Google did store it: the retry will see 409");
        assertFailure(Kind.DUPLICATE, "events.insert", 409, () -> impatient.insertEvent(token, ACCOUNT, EVENT_ID, SESSION));
    }

    // ================================================================== calls, observations and logs

    @Test
    void everyOperationIsExactlyOneGoogleCall() {
        GoogleEmulator.IssuedTokens issued = emulator.issueTokens(ACCOUNT, SCOPES);
        String token = adapter.refresh(issued.refreshToken()).accessToken();
        adapter.listCalendars(token);
        adapter.freeBusy(token, ACCOUNT, Instant.parse("2026-11-26T00:00:00Z"), Instant.parse("2026-11-27T00:00:00Z"));
        adapter.insertEvent(token, ACCOUNT, EVENT_ID, SESSION);
        adapter.updateEvent(token, ACCOUNT, EVENT_ID, SESSION);
        adapter.deleteEvent(token, ACCOUNT, EVENT_ID);
        adapter.revoke(issued.refreshToken());

        assertEquals(Map.of("token.refresh_token", 1, "calendarList.list", 1, "freeBusy.query", 1,
                "events.insert", 1, "events.update", 1, "events.delete", 1, "revoke", 1), emulator.callCounts());
        assertEquals(List.of("token.refresh_token 200", "calendarList.list 200", "freeBusy.query 200",
                "events.insert 200", "events.update 200", "events.delete 204", "revoke 200"), observed);
        assertTrue(logs.isEmpty(), "nothing logged on success: " + lines(level -> true));
    }

    @Test
    void concurrentCallsAllSucceed() throws Exception {
        String token = emulator.issueTokens(ACCOUNT, SCOPES).accessToken();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                String id = String.format("%032x", i + 1);
                calls.add(pool.submit((Callable<Void>) () -> {
                    adapter.insertEvent(token, ACCOUNT, id, SESSION);
                    return null;
                }));
            }
            for (Future<?> call : calls) {
                call.get(20, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(32, emulator.events(ACCOUNT).size());
        assertEquals(32, emulator.callCount("events.insert"));
    }

    @Test
    void eachFailureLogsOneWarningWithOperationAndStatusButNoSecret() throws Exception {
        GoogleEmulator.IssuedTokens issued = emulator.issueTokens(ACCOUNT, SCOPES);
        emulator.addFault(Fault.on("events.insert").status(503).count(1));
        assertThrows(GoogleFailure.class, () -> adapter.insertEvent(issued.accessToken(), ACCOUNT, EVENT_ID, SESSION));
        emulator.addFault(Fault.on("token.refresh_token").status(500).count(1));
        assertThrows(GoogleFailure.class, () -> adapter.refresh(issued.refreshToken()));
        Pkce pkce = Pkce.create();
        String code = authorizationCode(pkce);
        String wrongVerifier = Pkce.create().verifier();
        assertThrows(GoogleFailure.class, () -> adapter.exchangeCode(code, wrongVerifier));
        emulator.addFault(Fault.on("revoke").dropConnection(true).count(1));
        assertThrows(GoogleFailure.class, () -> adapter.revoke(issued.accessToken()));

        List<String> warnings = warnings();
        assertEquals(4, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("events.insert") && warnings.get(0).contains("503")
                && warnings.get(0).contains(ACCOUNT) && warnings.get(0).contains(EVENT_ID), warnings.get(0));
        assertTrue(warnings.get(1).contains("token.refresh_token") && warnings.get(1).contains("500"), warnings.get(1));
        assertTrue(warnings.get(2).contains("token.authorization_code") && warnings.get(2).contains("INVALID_GRANT")
                && warnings.get(2).contains("400"), warnings.get(2));
        assertTrue(warnings.get(3).contains("revoke") && warnings.get(3).contains("UNAVAILABLE"), warnings.get(3));

        adapter.insertEvent(issued.accessToken(), ACCOUNT, EVENT_ID, SESSION);
        assertThrows(GoogleFailure.class, () -> adapter.insertEvent(issued.accessToken(), ACCOUNT, EVENT_ID, SESSION));
        assertEquals(4, warnings().size(), "an expected 409 is no warning");
        assertTrue(lines(Level.FINE::equals).stream().anyMatch(m -> m.contains("DUPLICATE") && m.contains("409")));

        for (String line : lines(level -> true)) {
            for (String secret : List.of(issued.accessToken(), issued.refreshToken(), code, pkce.verifier(), wrongVerifier,
                    GoogleEmulator.DEFAULT_CLIENT_SECRET, "Bearer")) {
                assertFalse(line.contains(secret), "log line shows a secret: " + line);
            }
        }
    }

    // ================================================================== helpers

    private static GoogleFailure assertFailure(Kind kind, String operation, int status, Executable call) {
        GoogleFailure failure = assertThrows(GoogleFailure.class, call);
        assertEquals(kind, failure.kind(), failure.getMessage());
        assertEquals(operation, failure.operation());
        assertEquals(status, failure.httpStatus(), failure.getMessage());
        assertNull(failure.getCause(), "nothing of Google's client escapes");
        return failure;
    }

    /** The captured lines at WARNING or above, formatted as a handler would. */
    private List<String> warnings() {
        return lines(level -> level.intValue() >= Level.WARNING.intValue());
    }

    private List<String> lines(Predicate<Level> level) {
        SimpleFormatter formatter = new SimpleFormatter();
        return logs.stream().filter(r -> level.test(r.getLevel())).map(formatter::formatMessage).toList();
    }

    private static Map<String, String> baseSettings(String timeout) {
        Map<String, String> m = new HashMap<>();
        m.put("GOOGLE_CLIENT_ID", GoogleEmulator.DEFAULT_CLIENT_ID);
        m.put("GOOGLE_CLIENT_SECRET", GoogleEmulator.DEFAULT_CLIENT_SECRET);
        m.put("GOOGLE_REDIRECT_URI", REDIRECT_URI);
        m.put("OAUTH_STATE_SIGNING_SECRET", "s".repeat(32));
        m.put("TOKEN_ENCRYPTION_KEY", "ab".repeat(32));
        m.put("APP_REDIRECT_URL", "https://app.example.test/settings");
        m.put("mp.jwt.verify.publickey.location", "file:///keys/jwks.json");
        m.put("mp.jwt.verify.issuer", "https://auth.example.test/auth/v1");
        m.put("GOOGLE_AUTH_URI", emulator.authorizationEndpoint());
        m.put("GOOGLE_TOKEN_URI", emulator.tokenEndpoint());
        m.put("GOOGLE_REVOKE_URI", emulator.revocationEndpoint());
        m.put("GOOGLE_API_ROOT_URL", emulator.baseUrl());
        m.put("GOOGLE_HTTP_TIMEOUT", timeout);
        return m;
    }

    private static Settings settings(String timeout) {
        return load(baseSettings(timeout));
    }

    private static Settings load(Map<String, String> m) {
        return Settings.load(key -> Optional.ofNullable(m.get(key)));
    }

    /** The browser leg: the emulator auto-approves and redirects with a code. */
    private static String authorizationCode(Pkce pkce) throws Exception {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("client_id", GoogleEmulator.DEFAULT_CLIENT_ID);
        params.put("redirect_uri", REDIRECT_URI);
        params.put("response_type", "code");
        params.put("scope", String.join(" ", SCOPES));
        params.put("access_type", "offline");
        params.put("prompt", "consent");
        params.put("state", "opaque-state");
        params.put("code_challenge", pkce.challenge());
        params.put("code_challenge_method", "S256");
        String query = params.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(emulator.authorizationEndpoint()
                + "?" + query)).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(302, answer.statusCode(), answer.body());
        URI location = URI.create(answer.headers().firstValue("Location").orElseThrow());
        String code = form(location.getRawQuery()).get("code");
        assertNotNull(code, location.toString());
        return code;
    }

    private static Map<String, String> form(String encoded) {
        Map<String, String> out = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return out;
        }
        Function<String, String> decode = s -> URLDecoder.decode(s, StandardCharsets.UTF_8);
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            out.put(decode.apply(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode.apply(pair.substring(eq + 1)));
        }
        return out;
    }

    private static JsonObject json(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    /** A PKCE verifier and its S256 challenge. */
    private record Pkce(String verifier, String challenge) {
        private static final SecureRandom RANDOM = new SecureRandom();

        static Pkce create() throws Exception {
            byte[] bytes = new byte[32];
            RANDOM.nextBytes(bytes);
            String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return new Pkce(verifier, Base64.getUrlEncoder().withoutPadding().encodeToString(digest));
        }
    }
}
