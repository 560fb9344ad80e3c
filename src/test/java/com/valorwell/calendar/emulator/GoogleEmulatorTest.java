package com.valorwell.calendar.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.api.client.auth.oauth2.AuthorizationCodeTokenRequest;
import com.google.api.client.auth.oauth2.ClientParametersAuthentication;
import com.google.api.client.auth.oauth2.RefreshTokenRequest;
import com.google.api.client.auth.oauth2.TokenResponse;
import com.google.api.client.auth.oauth2.TokenResponseException;
import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.client.http.BasicAuthentication;
import com.google.api.client.http.GenericUrl;
import com.google.api.client.http.HttpExecuteInterceptor;
import com.google.api.client.http.HttpResponseException;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.client.util.DateTime;
import com.google.api.services.calendar.Calendar;
import com.google.api.services.calendar.model.CalendarList;
import com.google.api.services.calendar.model.CalendarListEntry;
import com.google.api.services.calendar.model.Event;
import com.google.api.services.calendar.model.EventDateTime;
import com.google.api.services.calendar.model.FreeBusyCalendar;
import com.google.api.services.calendar.model.FreeBusyRequest;
import com.google.api.services.calendar.model.FreeBusyRequestItem;
import com.google.api.services.calendar.model.FreeBusyResponse;
import com.google.api.services.calendar.model.TimePeriod;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Proves the emulator against Google's own Java clients (google-oauth-client and
 * google-api-services-calendar): they must parse every answer unchanged, errors included. Raw
 * {@link HttpClient} calls cover what those clients don't do (the browser leg of OAuth, gzip by hand,
 * the control API).
 */
@Timeout(20)
class GoogleEmulatorTest {

    private static final String REDIRECT_URI = "http://127.0.0.1:1/oauth/callback";
    private static final String ACCOUNT = GoogleEmulator.DEFAULT_ACCOUNT;
    private static final List<String> ALL_SCOPES = List.of(GoogleEmulator.SCOPE_FREEBUSY, GoogleEmulator.SCOPE_EVENTS,
            GoogleEmulator.SCOPE_CALENDARLIST_READONLY);

    private static GoogleEmulator emulator;
    private static final NetHttpTransport TRANSPORT = new NetHttpTransport();
    private static final GsonFactory JSON = GsonFactory.getDefaultInstance();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @BeforeAll
    static void startEmulator() {
        emulator = GoogleEmulator.start(0);
    }

    @AfterAll
    static void stopEmulator() {
        emulator.stop();
    }

    @BeforeEach
    void resetEmulator() {
        emulator.reset();
    }

    // ================================================================== OAuth

    @Test
    void authorizationCodeFlowWithPkceRefreshAndRevoke() throws Exception {
        Pkce pkce = Pkce.create();
        Map<String, String> redirect = authorize(pkce, "state-1", ALL_SCOPES, Map.of());
        assertEquals("state-1", redirect.get("state"));
        assertEquals(String.join(" ", ALL_SCOPES), redirect.get("scope"));
        String code = redirect.get("code");
        assertNotNull(code);
        assertFalse(code.startsWith("4/"), "codes must not look like Google's");

        TokenResponseException wrongVerifier = assertThrows(TokenResponseException.class,
                () -> exchange(code, Pkce.create().verifier()));
        assertEquals(400, wrongVerifier.getStatusCode());
        assertEquals("invalid_grant", wrongVerifier.getDetails().getError());

        TokenResponse tokens = exchange(code, pkce.verifier());
        assertTrue(tokens.getAccessToken().startsWith("emu-at-"));
        assertTrue(tokens.getRefreshToken().startsWith("emu-rt-"));
        assertEquals(3599L, tokens.getExpiresInSeconds());
        assertEquals("Bearer", tokens.getTokenType());
        assertEquals(String.join(" ", ALL_SCOPES), tokens.getScope());

        TokenResponseException replay = assertThrows(TokenResponseException.class,
                () -> exchange(code, pkce.verifier()));
        assertEquals("invalid_grant", replay.getDetails().getError());

        TokenResponse refreshed = refresh(tokens.getRefreshToken());
        assertNotNull(refreshed.getAccessToken());
        assertFalse(refreshed.getAccessToken().equals(tokens.getAccessToken()));
        assertNull(refreshed.getRefreshToken(), "a refresh answers no new refresh token");
        assertEquals(tokens.getScope(), refreshed.getScope());
        assertNotNull(calendar(refreshed.getAccessToken()).calendarList().list().execute());

        HttpResponse<String> revoked = postForm(emulator.revocationEndpoint(), Map.of("token", tokens.getRefreshToken()));
        assertEquals(200, revoked.statusCode());
        assertEquals("{}", revoked.body());

        TokenResponseException afterRevoke = assertThrows(TokenResponseException.class,
                () -> refresh(tokens.getRefreshToken()));
        assertEquals("invalid_grant", afterRevoke.getDetails().getError());
        assertEquals("Token has been expired or revoked.", afterRevoke.getDetails().getErrorDescription());
        GoogleJsonResponseException dead = assertThrows(GoogleJsonResponseException.class,
                () -> calendar(refreshed.getAccessToken()).calendarList().list().execute());
        assertEquals(401, dead.getStatusCode());

        HttpResponse<String> again = postForm(emulator.revocationEndpoint(), Map.of("token", tokens.getRefreshToken()));
        assertEquals(400, again.statusCode());
        assertTrue(again.body().contains("\"invalid_token\""));
        assertEquals(1L, emulator.tokenStats().get("revocations"));
    }

    @Test
    void tokenEndpointTakesHttpBasicAndRejectsBadClients() throws Exception {
        Pkce pkce = Pkce.create();
        String code = authorize(pkce, null, ALL_SCOPES, Map.of()).get("code");

        TokenResponseException badSecret = assertThrows(TokenResponseException.class, () ->
                new AuthorizationCodeTokenRequest(TRANSPORT, JSON, new GenericUrl(emulator.tokenEndpoint()), code)
                        .setRedirectUri(REDIRECT_URI)
                        .setClientAuthentication(new BasicAuthentication(GoogleEmulator.DEFAULT_CLIENT_ID, "wrong"))
                        .set("code_verifier", pkce.verifier())
                        .execute());
        // HttpURLConnection drops the body of a 401 to a streamed POST, so Google's client sees no details here
        // (the same happens against Google); the body itself is checked with java.net.http below.
        assertEquals(401, badSecret.getStatusCode());
        HttpResponse<String> raw = HTTP.send(HttpRequest.newBuilder(URI.create(emulator.tokenEndpoint()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (GoogleEmulator.DEFAULT_CLIENT_ID + ":wrong").getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&code=" + code)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, raw.statusCode());
        assertEquals("invalid_client", Jsons.parseObject(raw.body()).getString("error"));
        assertEquals(400, postForm(emulator.tokenEndpoint(), Map.of("grant_type", "refresh_token",
                "refresh_token", "x")).statusCode(), "no client id at all");

        TokenResponse tokens = new AuthorizationCodeTokenRequest(TRANSPORT, JSON,
                new GenericUrl(emulator.tokenEndpoint()), code)
                .setRedirectUri(REDIRECT_URI)
                .setClientAuthentication(new BasicAuthentication(GoogleEmulator.DEFAULT_CLIENT_ID,
                        GoogleEmulator.DEFAULT_CLIENT_SECRET))
                .set("code_verifier", pkce.verifier())
                .execute();
        assertNotNull(tokens.getAccessToken());
        CapturedRequest captured = last("token.authorization_code");
        assertEquals("Basic ***", captured.header("Authorization"));

        String other = authorize(Pkce.create(), null, ALL_SCOPES, Map.of("redirect_uri", REDIRECT_URI + "x")).get("code");
        TokenResponseException mismatch = assertThrows(TokenResponseException.class, () -> exchange(other, pkce.verifier()));
        assertEquals("redirect_uri_mismatch", mismatch.getDetails().getError());
    }

    @Test
    void refreshTokenOnFirstConsentOnlyUnlessPromptedOrOmitted() throws Exception {
        assertNotNull(authorizeAndExchange(Map.of()).getRefreshToken(), "first consent");
        assertNull(authorizeAndExchange(Map.of()).getRefreshToken(), "repeated consent");
        assertNotNull(authorizeAndExchange(Map.of("prompt", "consent")).getRefreshToken(), "prompt=consent");
        assertNull(authorizeAndExchange(Map.of("access_type", "online", "prompt", "consent")).getRefreshToken(),
                "online access");
        emulator.setOmitRefreshToken(true);
        assertNull(authorizeAndExchange(Map.of("prompt", "consent")).getRefreshToken(), "omitted by the control API");
        emulator.revokeTokens(ACCOUNT);
        emulator.setOmitRefreshToken(false);
        assertNotNull(authorizeAndExchange(Map.of()).getRefreshToken(), "consent after revocation is a first consent");
    }

    @Test
    void autoApproveCanPickTheAccountGrantASubsetOrDeny() throws Exception {
        emulator.addAccount("other@example.com");
        emulator.setConsentAccount("other@example.com");
        emulator.setGrantedScopes(List.of(GoogleEmulator.SCOPE_FREEBUSY));
        Pkce pkce = Pkce.create();
        Map<String, String> redirect = authorize(pkce, "s", ALL_SCOPES, Map.of());
        assertEquals(GoogleEmulator.SCOPE_FREEBUSY, redirect.get("scope"));
        TokenResponse tokens = exchange(redirect.get("code"), pkce.verifier());
        assertEquals(GoogleEmulator.SCOPE_FREEBUSY, tokens.getScope());
        FreeBusyResponse fb = calendar(tokens.getAccessToken()).freebusy().query(freeBusyRequest(
                "2026-11-25T00:00:00Z", "2026-11-26T00:00:00Z", "primary", "other@example.com")).execute();
        assertNull(fb.getCalendars().get("other@example.com").getErrors(), "the token belongs to other@example.com");

        emulator.setDenyConsent(true);
        Map<String, String> denied = authorize(Pkce.create(), "s2", ALL_SCOPES, Map.of());
        assertEquals("access_denied", denied.get("error"));
        assertEquals("s2", denied.get("state"));
        assertNull(denied.get("code"));
    }

    @Test
    void consentPageLetsAPersonUntickAScope() throws Exception {
        emulator.setAutoApprove(false);
        Pkce pkce = Pkce.create();
        String state = "\"><script>alert(1)</script>";
        HttpResponse<String> page = get(authorizationUrl(pkce, state, ALL_SCOPES, Map.of()));
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        for (String scope : ALL_SCOPES) {
            assertTrue(page.body().contains("type=\"checkbox\" name=\"granted_scope\" value=\"" + scope + "\" checked"),
                    "a ticked checkbox for " + scope);
        }
        assertFalse(page.body().contains("<script>"), "the state is escaped");
        assertTrue(page.body().contains("&quot;&gt;&lt;script&gt;"));

        Map<String, List<String>> form = new LinkedHashMap<>();
        Matcher hidden = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">").matcher(page.body());
        while (hidden.find()) {
            form.put(hidden.group(1), List.of(unescape(hidden.group(2))));
        }
        assertEquals(state, form.get("state").get(0));
        form.put("account", List.of("person@example.com"));
        form.put("granted_scope", List.of(GoogleEmulator.SCOPE_FREEBUSY, GoogleEmulator.SCOPE_CALENDARLIST_READONLY));
        form.put("decision", List.of("allow"));
        HttpResponse<String> decided = HTTP.send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "o/oauth2/v2/auth/decide"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(formBody(form))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(302, decided.statusCode());
        Map<String, String> redirect = query(URI.create(decided.headers().firstValue("Location").orElseThrow()));
        assertEquals(state, redirect.get("state"));
        assertFalse(redirect.get("scope").contains(GoogleEmulator.SCOPE_EVENTS));
        assertTrue(redirect.get("scope").contains(GoogleEmulator.SCOPE_FREEBUSY));

        TokenResponse tokens = exchange(redirect.get("code"), pkce.verifier());
        assertFalse(tokens.getScope().contains(GoogleEmulator.SCOPE_EVENTS));
        GoogleJsonResponseException noScope = assertThrows(GoogleJsonResponseException.class,
                () -> calendar(tokens.getAccessToken()).events().insert("primary", event("abcde00001", 10, 11)).execute());
        assertEquals(403, noScope.getStatusCode());
        assertEquals("insufficientPermissions", noScope.getDetails().getErrors().get(0).getReason());
        assertEquals("person@example.com",
                calendar(tokens.getAccessToken()).calendarList().list().execute().getItems().get(0).getId());

        form.put("decision", List.of("deny"));
        HttpResponse<String> deniedAnswer = HTTP.send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "o/oauth2/v2/auth/decide"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(formBody(form))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("access_denied",
                query(URI.create(deniedAnswer.headers().firstValue("Location").orElseThrow())).get("error"));
    }

    @Test
    void authorizationEndpointShowsAnErrorPageForBadRequests() throws Exception {
        Pkce pkce = Pkce.create();
        for (Map<String, String> bad : List.of(
                Map.of("client_id", "unknown-client"),
                Map.of("code_challenge_method", "plain"),
                Map.of("code_challenge", ""),
                Map.of("response_type", "token"),
                Map.of("redirect_uri", ""))) {
            HttpResponse<String> answer = get(authorizationUrl(pkce, "s", ALL_SCOPES, bad));
            assertEquals(400, answer.statusCode(), bad.toString());
            assertTrue(answer.headers().firstValue("Location").isEmpty(), "no redirect for " + bad);
            assertTrue(answer.body().contains("Error 400"), bad.toString());
        }
    }

    // ================================================================== Calendar: auth

    @Test
    void calendarCallsNeedALiveTokenWithAnAcceptedScope() throws Exception {
        HttpResponse<String> none = get(emulator.baseUrl() + "calendar/v3/users/me/calendarList");
        assertEquals(401, none.statusCode());

        GoogleJsonResponseException bogus = assertThrows(GoogleJsonResponseException.class,
                () -> calendar("not-a-token").calendarList().list().execute());
        assertEquals(401, bogus.getStatusCode());
        assertEquals("authError", bogus.getDetails().getErrors().get(0).getReason());
        assertEquals("UNAUTHENTICATED", bogus.getDetails().get("status"));

        String freeBusyOnly = token(GoogleEmulator.SCOPE_FREEBUSY);
        GoogleJsonResponseException scope = assertThrows(GoogleJsonResponseException.class,
                () -> calendar(freeBusyOnly).calendarList().list().execute());
        assertEquals(403, scope.getStatusCode());
        assertEquals("insufficientPermissions", scope.getDetails().getErrors().get(0).getReason());

        String broad = token(GoogleEmulator.SCOPE_CALENDAR);
        assertEquals(1, calendar(broad).calendarList().list().execute().getItems().size());
        assertEquals(2, emulator.expireAccessTokens(ACCOUNT));
        assertEquals(401, assertThrows(GoogleJsonResponseException.class,
                () -> calendar(broad).calendarList().list().execute()).getStatusCode());

        emulator.setAccessTokenLifetime(120);
        assertEquals(120L, emulator.issueTokens(ACCOUNT, ALL_SCOPES).expiresIn());
        assertEquals(120L, authorizeAndExchange(Map.of()).getExpiresInSeconds());
    }

    // ================================================================== Calendar: calendarList

    @Test
    void calendarListPagesThroughEveryCalendar() throws Exception {
        emulator.addAccount(ACCOUNT,
                CalendarSpec.of("team@group.calendar.example.com", "Team", "writer"),
                CalendarSpec.of("holidays@group.calendar.example.com", "Holidays", "reader"),
                CalendarSpec.of("boss@example.com", "Boss", "freeBusyReader"),
                CalendarSpec.of("own@group.calendar.example.com", "Own", "owner"));
        emulator.forceCalendarListPageSize(2);
        Calendar calendar = calendar(token(GoogleEmulator.SCOPE_CALENDARLIST_READONLY));

        List<CalendarListEntry> all = new ArrayList<>();
        int pages = 0;
        String pageToken = null;
        do {
            CalendarList page = calendar.calendarList().list().setPageToken(pageToken).execute();
            assertTrue(page.getItems().size() <= 2);
            all.addAll(page.getItems());
            pageToken = page.getNextPageToken();
            pages++;
        } while (pageToken != null);
        assertEquals(3, pages);
        assertEquals(List.of(ACCOUNT, "team@group.calendar.example.com", "holidays@group.calendar.example.com",
                "boss@example.com", "own@group.calendar.example.com"),
                all.stream().map(CalendarListEntry::getId).toList());
        assertEquals(Boolean.TRUE, all.get(0).getPrimary());
        assertEquals("owner", all.get(0).getAccessRole());
        assertEquals("freeBusyReader", all.get(3).getAccessRole());

        emulator.forceCalendarListPageSize(null);
        List<String> writable = calendar.calendarList().list().setMinAccessRole("writer").execute().getItems()
                .stream().map(CalendarListEntry::getId).toList();
        assertEquals(List.of(ACCOUNT, "team@group.calendar.example.com", "own@group.calendar.example.com"), writable);
        assertEquals(2, calendar.calendarList().list().setMaxResults(2).execute().getItems().size());
    }

    // ================================================================== Calendar: events

    @Test
    void eventLifecycleMatchesGoogle() throws Exception {
        emulator.addAccount(ACCOUNT, CalendarSpec.of("holidays@group.calendar.example.com", "Holidays", "reader"));
        Calendar calendar = calendar(token(GoogleEmulator.SCOPE_EVENTS));

        Event inserted = calendar.events().insert("primary", event("abcdef0123", 10, 11).setDescription("first"))
                .setSendUpdates("none").execute();
        assertEquals("abcdef0123", inserted.getId());
        assertEquals("calendar#event", inserted.getKind());
        assertEquals("confirmed", inserted.getStatus());
        assertNotNull(inserted.getEtag());
        assertNotNull(inserted.getHtmlLink());
        assertNotNull(inserted.getCreated());
        assertEquals("abcdef0123@google.com", inserted.getICalUID());
        assertEquals(0, inserted.getSequence());
        assertEquals("first", inserted.getDescription());

        GoogleJsonResponseException duplicate = assertThrows(GoogleJsonResponseException.class,
                () -> calendar.events().insert(ACCOUNT, event("abcdef0123", 12, 13)).execute());
        assertEquals(409, duplicate.getStatusCode());
        assertEquals("duplicate", duplicate.getDetails().getErrors().get(0).getReason());

        GoogleJsonResponseException invalidId = assertThrows(GoogleJsonResponseException.class,
                () -> calendar.events().insert("primary", event("UPPER_case", 12, 13)).execute());
        assertEquals(400, invalidId.getStatusCode());
        assertEquals("invalid", invalidId.getDetails().getErrors().get(0).getReason());

        Event generated = calendar.events().insert("primary", event(null, 12, 13)).execute();
        assertTrue(generated.getId().matches("[a-v0-9]{5,}"));

        assertEquals("first", calendar.events().get(ACCOUNT, "abcdef0123").execute().getDescription());

        Event updated = calendar.events().update("primary", "abcdef0123", event("abcdef0123", 14, 15).setSummary("moved"))
                .execute();
        assertEquals("moved", updated.getSummary());
        assertNull(updated.getDescription(), "update replaces the whole event");
        assertEquals(1, updated.getSequence(), "moving an event bumps its sequence");

        Event patched = calendar.events().patch("primary", "abcdef0123", new Event().setDescription("patched")).execute();
        assertEquals("moved", patched.getSummary());
        assertEquals("patched", patched.getDescription());
        CapturedRequest patch = last("events.patch");
        assertEquals("PATCH", patch.method());
        assertEquals("PATCH", patch.header("X-HTTP-Method-Override"), "NetHttpTransport tunnels PATCH through POST");

        calendar.events().delete("primary", "abcdef0123").execute();
        assertEquals("cancelled", calendar.events().get("primary", "abcdef0123").execute().getStatus());
        assertEquals(410, assertThrows(GoogleJsonResponseException.class,
                () -> calendar.events().delete("primary", "abcdef0123").execute()).getStatusCode());
        GoogleJsonResponseException gone = assertThrows(GoogleJsonResponseException.class,
                () -> calendar.events().update("primary", "abcdef0123", event("abcdef0123", 14, 15)).execute());
        assertEquals(410, gone.getStatusCode());
        assertEquals("deleted", gone.getDetails().getErrors().get(0).getReason());
        assertEquals(409, assertThrows(GoogleJsonResponseException.class,
                () -> calendar.events().insert("primary", event("abcdef0123", 10, 11)).execute()).getStatusCode(),
                "a deleted event's id stays taken");
        Event restored = calendar.events().patch("primary", "abcdef0123", new Event().setStatus("confirmed")).execute();
        assertEquals("confirmed", restored.getStatus());

        GoogleJsonResponseException unknown = assertThrows(GoogleJsonResponseException.class,
                () -> calendar.events().get("primary", "nosuchevent").execute());
        assertEquals(404, unknown.getStatusCode());
        assertEquals("notFound", unknown.getDetails().getErrors().get(0).getReason());
        assertEquals(404, assertThrows(GoogleJsonResponseException.class,
                () -> calendar.events().delete("primary", "nosuchevent").execute()).getStatusCode());
        assertEquals(404, assertThrows(GoogleJsonResponseException.class,
                () -> calendar.events().insert("stranger@example.com", event(null, 10, 11)).execute()).getStatusCode());

        GoogleJsonResponseException readOnly = assertThrows(GoogleJsonResponseException.class,
                () -> calendar.events().insert("holidays@group.calendar.example.com", event(null, 10, 11)).execute());
        assertEquals(403, readOnly.getStatusCode());
        assertEquals("requiredAccessLevel", readOnly.getDetails().getErrors().get(0).getReason());

        List<JsonObject> stored = emulator.events(ACCOUNT);
        assertEquals(2, stored.size());
        assertEquals(List.of("abcdef0123", generated.getId()),
                stored.stream().map(e -> e.getString("id")).toList());
    }

    // ================================================================== Calendar: freeBusy

    @Test
    void freeBusyClipsEventsAndReportsPerCalendarErrors() throws Exception {
        emulator.addAccount(ACCOUNT,
                CalendarSpec.of("boss@example.com", "Boss", "freeBusyReader"),
                CalendarSpec.of("flaky@example.com", "Flaky", "reader"));
        Calendar calendar = calendar(token(GoogleEmulator.SCOPE_EVENTS, GoogleEmulator.SCOPE_FREEBUSY));
        calendar.events().insert("primary", event(null, 10, 11)).execute();
        calendar.events().insert("primary", event(null, 7, 9)).execute();
        calendar.events().insert("primary", event(null, 20, 21)).execute();
        Event deleted = calendar.events().insert("primary", event(null, 12, 13)).execute();
        calendar.events().delete("primary", deleted.getId()).execute();
        calendar.events().insert("primary", event(null, 14, 15).setTransparency("transparent")).execute();
        emulator.addBusy("boss@example.com", at(9), at(11));
        emulator.addBusy("boss@example.com", at(10), at(10, 30));
        emulator.addBusy("boss@example.com", at(11), at(12));
        emulator.forceFreeBusyError("flaky@example.com", "backendError");

        FreeBusyResponse answer = calendar.freebusy().query(freeBusyRequest("2026-11-25T08:00:00Z", "2026-11-25T18:00:00Z",
                "primary", "boss@example.com", "flaky@example.com", "stranger@example.com")).execute();
        assertEquals("calendar#freeBusy", answer.getKind());
        assertEquals(List.of(period(8, 0, 9, 0), period(10, 0, 11, 0)), periods(answer.getCalendars().get("primary")));
        assertEquals(List.of(period(9, 0, 11, 0), period(10, 0, 10, 30), period(11, 0, 12, 0)),
                periods(answer.getCalendars().get("boss@example.com")), "raw blocks unmerged, sorted by start");
        FreeBusyCalendar flaky = answer.getCalendars().get("flaky@example.com");
        assertEquals("backendError", flaky.getErrors().get(0).getReason());
        assertTrue(flaky.getBusy().isEmpty());
        assertEquals("notFound", answer.getCalendars().get("stranger@example.com").getErrors().get(0).getReason());

        HttpResponse<String> raw = postJson(emulator.baseUrl() + "calendar/v3/freeBusy",
                token(GoogleEmulator.SCOPE_FREEBUSY),
                "{\"timeMin\":\"2026-11-25T08:00:00Z\",\"timeMax\":\"2026-11-25T18:00:00Z\",\"items\":[{\"id\":\"primary\"}]}");
        assertTrue(raw.body().contains("{\"start\":\"2026-11-25T08:00:00Z\",\"end\":\"2026-11-25T09:00:00Z\"}"), raw.body());
    }

    // ================================================================== faults

    @Test
    void injectedStatusCarriesRetryAfterAndIsCounted() throws Exception {
        emulator.addFault(Fault.on("events.insert").status(503).reason("backendError").retryAfter("30").count(1));
        Calendar calendar = calendar(token(GoogleEmulator.SCOPE_EVENTS));
        GoogleJsonResponseException unavailable = assertThrows(GoogleJsonResponseException.class,
                () -> calendar.events().insert("primary", event("abcde11111", 10, 11)).execute());
        assertEquals(503, unavailable.getStatusCode());
        assertEquals("30", unavailable.getHeaders().getFirstHeaderStringValue("Retry-After"));
        assertEquals("backendError", unavailable.getDetails().getErrors().get(0).getReason());
        assertTrue(emulator.events(ACCOUNT).isEmpty(), "a plain status fault performs nothing");

        assertNotNull(calendar.events().insert("primary", event("abcde11111", 10, 11)).execute(), "count 1 is used up");
        assertEquals(2, emulator.callCount("events.insert"));
        assertEquals(Map.of("503", 1, "200", 1), emulator.callCountsByStatus().get("events.insert"));
        assertTrue(emulator.faults().isEmpty());
    }

    @Test
    void refreshFaultYieldsARealInvalidGrant() throws Exception {
        String refreshToken = authorizeAndExchange(Map.of()).getRefreshToken();
        emulator.addFault(Fault.on("token.refresh_token").status(400).reason("invalid_grant").count(1));
        TokenResponseException e = assertThrows(TokenResponseException.class, () -> refresh(refreshToken));
        assertEquals("invalid_grant", e.getDetails().getError());
        assertNotNull(refresh(refreshToken).getAccessToken());
    }

    @Test
    void latencyDelaysWithoutSerializingConcurrentCalls() throws Exception {
        emulator.addFault(Fault.on("*").latencyMs(400));
        Calendar calendar = calendar(token(GoogleEmulator.SCOPE_CALENDARLIST_READONLY));
        long start = System.nanoTime();
        calendar.calendarList().list().execute();
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(elapsedMs >= 400 && elapsedMs < 5000, "took " + elapsedMs + " ms");

        String accessToken = token(GoogleEmulator.SCOPE_CALENDARLIST_READONLY);
        long concurrentStart = System.nanoTime();
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "calendar/v3/users/me/calendarList"))
                    .header("Authorization", "Bearer " + accessToken).build(), HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            assertEquals(200, call.get().statusCode());
        }
        long concurrentMs = (System.nanoTime() - concurrentStart) / 1_000_000;
        assertTrue(concurrentMs < 2500, "8 calls of 400 ms each took " + concurrentMs + " ms together");
    }

    @Test
    void droppedConnectionIsAnIOExceptionNotAnHttpAnswer() throws Exception {
        emulator.addFault(Fault.on("events.insert").dropConnection(true));
        Calendar calendar = calendar(token(GoogleEmulator.SCOPE_EVENTS));
        IOException google = assertThrows(IOException.class,
                () -> calendar.events().insert("primary", event("abcde22222", 10, 11)).execute());
        assertFalse(google instanceof HttpResponseException, "no HTTP answer at all, got " + google);

        IOException jdk = assertThrows(IOException.class, () -> postJson(
                emulator.baseUrl() + "calendar/v3/calendars/primary/events", token(GoogleEmulator.SCOPE_EVENTS),
                "{\"start\":{\"dateTime\":\"2026-11-25T10:00:00Z\"},\"end\":{\"dateTime\":\"2026-11-25T11:00:00Z\"}}"));
        assertNotNull(jdk);
        assertEquals(2, emulator.callCountsByStatus().get("events.insert").get("dropped"));
        assertEquals(0, last("events.insert").status());
    }

    @Test
    void storeThenTimeoutStoresTheEventButTheClientTimesOut() throws Exception {
        emulator.addFault(Fault.on("events.insert").storeThenTimeout(true).latencyMs(2000).count(1));
        String accessToken = token(GoogleEmulator.SCOPE_EVENTS);
        Calendar impatient = calendar(accessToken, 500);
        IOException timeout = assertThrows(IOException.class,
                () -> impatient.events().insert("primary", event("abcde33333", 10, 11)).execute());
        assertInstanceOf(SocketTimeoutException.class, timeout);

        List<JsonObject> stored = emulator.events(ACCOUNT);
        assertEquals(1, stored.size());
        assertEquals("abcde33333", stored.get(0).getString("id"));
        GoogleJsonResponseException retry = assertThrows(GoogleJsonResponseException.class,
                () -> calendar(accessToken).events().insert("primary", event("abcde33333", 10, 11)).execute());
        assertEquals(409, retry.getStatusCode());
        assertEquals(1, emulator.events(ACCOUNT).size());
    }

    // ================================================================== gzip, counts, captures

    @Test
    void gzippedBodiesAreInflated() throws Exception {
        Calendar calendar = calendar(token(GoogleEmulator.SCOPE_EVENTS));
        String longText = "A long description. ".repeat(400);
        Event inserted = calendar.events().insert("primary", event("abcde44444", 10, 11).setDescription(longText)).execute();
        assertEquals(longText, inserted.getDescription());
        CapturedRequest captured = last("events.insert");
        assertEquals("gzip", captured.header("Content-Encoding"), "Google's client gzips bodies");
        assertTrue(captured.body().contains("A long description."));

        String json = "{\"id\":\"abcde55555\",\"summary\":\"by hand\",\"start\":{\"dateTime\":\"2026-11-25T10:00:00Z\"},"
                + "\"end\":{\"dateTime\":\"2026-11-25T11:00:00Z\"}}";
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(
                        URI.create(emulator.baseUrl() + "calendar/v3/calendars/primary/events"))
                .header("Authorization", "Bearer " + token(GoogleEmulator.SCOPE_EVENTS))
                .header("Content-Type", "application/json")
                .header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(gzip(json))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals("application/json; charset=UTF-8", answer.headers().firstValue("Content-Type").orElse(""));
        assertTrue(answer.body().contains("\"summary\":\"by hand\""));

        HttpResponse<String> broken = HTTP.send(HttpRequest.newBuilder(
                        URI.create(emulator.baseUrl() + "calendar/v3/calendars/primary/events"))
                .header("Authorization", "Bearer " + token(GoogleEmulator.SCOPE_EVENTS))
                .header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofString("not gzip")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, broken.statusCode());
        assertTrue(broken.body().contains("parseError"));
    }

    @Test
    void callCountsAndCapturesReflectTheCallsWithMaskedAuthorization() throws Exception {
        Calendar calendar = calendar(token(GoogleEmulator.SCOPE_EVENTS, GoogleEmulator.SCOPE_CALENDARLIST_READONLY));
        calendar.calendarList().list().execute();
        calendar.events().insert("primary", event("abcde66666", 10, 11)).execute();
        assertThrows(GoogleJsonResponseException.class, () -> calendar.events().get("primary", "nosuchevent").execute());
        assertEquals(Map.of("calendarList.list", 1, "events.insert", 1, "events.get", 1), emulator.callCounts());

        List<CapturedRequest> inserts = emulator.requests("events.insert");
        assertEquals(1, inserts.size());
        CapturedRequest insert = inserts.get(0);
        assertEquals("POST", insert.method());
        assertEquals("/calendar/v3/calendars/primary/events", insert.path());
        assertEquals("Bearer ***", insert.header("Authorization"));
        assertEquals(200, insert.status());
        assertTrue(insert.body().contains("\"abcde66666\""));
        assertEquals(404, last("events.get").status());
        assertEquals(List.of("calendarList.list", "events.insert", "events.get"),
                emulator.requests(null).stream().map(CapturedRequest::operation).toList());

        HttpResponse<String> overHttp = get(emulator.baseUrl() + "_emulator/requests?operation=events.insert");
        assertTrue(overHttp.body().contains("\"authorization\":\"Bearer ***\""), overHttp.body());
        assertFalse(overHttp.body().contains("emu-at-"), "no access token leaks into captures");

        emulator.resetCalls();
        assertTrue(emulator.callCounts().isEmpty());
        assertTrue(emulator.requests(null).isEmpty());
    }

    // ================================================================== HTTP control API

    @Test
    void controlApiOverHttp() throws Exception {
        String control = emulator.baseUrl() + "_emulator/";
        assertEquals(200, postJson(control + "accounts", null, "{\"email\":\"x@example.com\",\"calendars\":["
                + "{\"id\":\"shared@example.com\",\"summary\":\"Shared\",\"accessRole\":\"writer\"},"
                + "{\"id\":\"x-main@example.com\",\"summary\":\"Main\",\"primary\":true}]}").statusCode());
        assertEquals(200, postJson(control + "consent", null,
                "{\"account\":\"x@example.com\",\"grantScopes\":null,\"omitRefreshToken\":false}").statusCode());
        JsonObject consent = Jsons.parseObject(get(control + "consent").body());
        assertEquals("x@example.com", consent.getString("account"));
        assertTrue(consent.getBoolean("autoApprove"));

        HttpResponse<String> issued = postJson(control + "tokens/issue", null,
                "{\"account\":\"x@example.com\",\"scopes\":[\"" + GoogleEmulator.SCOPE_EVENTS + "\"]}");
        String accessToken = Jsons.parseObject(issued.body()).getString("access_token");
        Calendar calendar = calendar(accessToken);
        Event onMain = calendar.events().insert("primary", event("abcde77777", 10, 11)).execute();
        assertEquals("x-main@example.com", onMain.getOrganizer().getEmail(), "primary follows the account's primary flag");

        HttpResponse<String> fault = postJson(control + "faults", null,
                "{\"operation\":\"events.get\",\"status\":500,\"reason\":\"internalError\",\"count\":2,"
                        + "\"calendarId\":\"x-main@example.com\"}");
        assertEquals(200, fault.statusCode(), fault.body());
        assertEquals(2, Jsons.parseObject(fault.body()).getInt("remaining"));
        assertEquals(500, assertThrows(GoogleJsonResponseException.class,
                () -> calendar.events().get("primary", "abcde77777").execute()).getStatusCode(),
                "the calendar filter matches primary through the token's account");
        JsonArray faults = jsonArray(get(control + "faults").body());
        assertEquals(1, faults.getJsonObject(0).getInt("remaining"));
        assertEquals(200, delete(control + "faults").statusCode());
        assertEquals("[]", get(control + "faults").body());
        assertEquals(400, postJson(control + "faults", null, "{\"operation\":\"events.list\",\"status\":500}").statusCode());

        JsonArray events = jsonArray(get(control + "calendars/x-main%40example.com/events").body());
        assertEquals(1, events.size());
        assertEquals(404, get(control + "calendars/none%40example.com/events").statusCode());

        assertEquals(200, postJson(control + "calendars/shared%40example.com/busy", null,
                "{\"busy\":[{\"start\":\"2026-11-25T10:00:00Z\",\"end\":\"2026-11-25T11:00:00Z\"}]}").statusCode());
        assertEquals(200, postJson(control + "paging", null, "{\"calendarListPageSize\":1}").statusCode());
        assertEquals(1, calendar(tokenFor("x@example.com", GoogleEmulator.SCOPE_CALENDAR)).calendarList().list().execute()
                .getItems().size());

        JsonObject counts = Jsons.parseObject(get(control + "calls").body());
        assertEquals(1, counts.getInt("events.get"));
        JsonObject byStatus = Jsons.parseObject(get(control + "calls/by-status").body());
        assertEquals(1, byStatus.getJsonObject("events.get").getInt("500"));

        JsonObject tokens = Jsons.parseObject(get(control + "tokens").body());
        assertTrue(tokens.getInt("accessTokensIssued") >= 2);
        assertFalse(get(control + "tokens").body().contains("emu-"), "token counts only, never tokens");
        assertEquals(200, postJson(control + "tokens/expire-access", null, "{\"account\":\"x@example.com\"}").statusCode());
        assertEquals(401, assertThrows(GoogleJsonResponseException.class,
                () -> calendar.events().get("primary", "abcde77777").execute()).getStatusCode());
        assertEquals(200, postJson(control + "tokens/lifetime", null, "{\"seconds\":60}").statusCode());
        assertEquals(60, Jsons.parseObject(postJson(control + "tokens/issue", null,
                "{\"account\":\"x@example.com\",\"scopes\":[\"" + GoogleEmulator.SCOPE_EVENTS + "\"]}").body())
                .getInt("expires_in"));
        assertTrue(Jsons.parseObject(postJson(control + "tokens/revoke", null, "{\"account\":\"x@example.com\"}")
                .body()).getInt("revoked") >= 1);

        assertEquals(200, postJson(control + "clients", null,
                "{\"clientId\":\"second\",\"clientSecret\":\"s3cret\",\"redirectUris\":[\"" + REDIRECT_URI + "\"]}").statusCode());
        assertTrue(get(control + "clients").body().contains("\"second\""));

        assertEquals(200, postJson(control + "reset", null, "").statusCode());
        assertEquals("{}", get(control + "calls").body());
        assertEquals(404, get(control + "calendars/x-main%40example.com/events").statusCode());
        assertEquals(404, get(control + "nothing-here").statusCode());
        assertEquals(400, postJson(control + "accounts", null, "{not json").statusCode());
    }

    // ================================================================== helpers

    /** A PKCE pair as RFC 7636 describes it. */
    private record Pkce(String verifier, String challenge) {
        static Pkce create() {
            String verifier = OAuthState.random() + OAuthState.random();
            return new Pkce(verifier, OAuthEndpoints.s256(verifier));
        }
    }

    private static String authorizationUrl(Pkce pkce, String state, List<String> scopes, Map<String, String> overrides) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("client_id", GoogleEmulator.DEFAULT_CLIENT_ID);
        params.put("redirect_uri", REDIRECT_URI);
        params.put("response_type", "code");
        params.put("scope", String.join(" ", scopes));
        params.put("access_type", "offline");
        params.put("include_granted_scopes", "false");
        if (state != null) {
            params.put("state", state);
        }
        params.put("code_challenge", pkce.challenge());
        params.put("code_challenge_method", "S256");
        params.putAll(overrides);
        return emulator.authorizationEndpoint() + "?" + params.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** The browser leg: GET the authorization URL, expect a redirect, return its query. */
    private static Map<String, String> authorize(Pkce pkce, String state, List<String> scopes, Map<String, String> overrides)
            throws Exception {
        HttpResponse<String> answer = get(authorizationUrl(pkce, state, scopes, overrides));
        assertEquals(302, answer.statusCode(), answer.body());
        URI location = URI.create(answer.headers().firstValue("Location").orElseThrow());
        String expectedRedirect = overrides.getOrDefault("redirect_uri", REDIRECT_URI);
        assertTrue(location.toString().startsWith(expectedRedirect + "?"), location.toString());
        return query(location);
    }

    private static TokenResponse authorizeAndExchange(Map<String, String> overrides) throws Exception {
        Pkce pkce = Pkce.create();
        return exchange(authorize(pkce, "s", ALL_SCOPES, overrides).get("code"), pkce.verifier());
    }

    private static TokenResponse exchange(String code, String verifier) throws IOException {
        return new AuthorizationCodeTokenRequest(TRANSPORT, JSON, new GenericUrl(emulator.tokenEndpoint()), code)
                .setRedirectUri(REDIRECT_URI)
                .setClientAuthentication(clientAuthentication())
                .set("code_verifier", verifier)
                .execute();
    }

    private static TokenResponse refresh(String refreshToken) throws IOException {
        return new RefreshTokenRequest(TRANSPORT, JSON, new GenericUrl(emulator.tokenEndpoint()), refreshToken)
                .setClientAuthentication(clientAuthentication())
                .execute();
    }

    private static HttpExecuteInterceptor clientAuthentication() {
        return new ClientParametersAuthentication(GoogleEmulator.DEFAULT_CLIENT_ID, GoogleEmulator.DEFAULT_CLIENT_SECRET);
    }

    private static String token(String... scopes) {
        return tokenFor(ACCOUNT, scopes);
    }

    private static String tokenFor(String account, String... scopes) {
        return emulator.issueTokens(account, List.of(scopes)).accessToken();
    }

    private static Calendar calendar(String accessToken) {
        return calendar(accessToken, 10_000);
    }

    private static Calendar calendar(String accessToken, int readTimeoutMs) {
        return new Calendar.Builder(TRANSPORT, JSON, request -> {
            request.getHeaders().setAuthorization("Bearer " + accessToken);
            request.setConnectTimeout(5_000);
            request.setReadTimeout(readTimeoutMs);
        }).setRootUrl(emulator.baseUrl()).setApplicationName("test").build();
    }

    /** An event on 2026-11-25 from one UTC hour to another. */
    private static Event event(String id, int startHour, int endHour) {
        return new Event().setId(id).setSummary("Session")
                .setStart(new EventDateTime().setDateTime(new DateTime(at(startHour).toString())).setTimeZone("UTC"))
                .setEnd(new EventDateTime().setDateTime(new DateTime(at(endHour).toString())).setTimeZone("UTC"));
    }

    private static Instant at(int hour) {
        return at(hour, 0);
    }

    private static Instant at(int hour, int minute) {
        return Instant.parse(String.format("2026-11-25T%02d:%02d:00Z", hour, minute));
    }

    private static FreeBusyRequest freeBusyRequest(String timeMin, String timeMax, String... ids) {
        List<FreeBusyRequestItem> items = new ArrayList<>();
        for (String id : ids) {
            items.add(new FreeBusyRequestItem().setId(id));
        }
        return new FreeBusyRequest().setTimeMin(new DateTime(timeMin)).setTimeMax(new DateTime(timeMax))
                .setTimeZone("UTC").setItems(items);
    }

    private static String period(int startHour, int startMinute, int endHour, int endMinute) {
        return at(startHour, startMinute) + "/" + at(endHour, endMinute);
    }

    private static List<String> periods(FreeBusyCalendar calendar) {
        assertNull(calendar.getErrors());
        List<String> out = new ArrayList<>();
        for (TimePeriod p : calendar.getBusy()) {
            out.add(Instant.ofEpochMilli(p.getStart().getValue()) + "/" + Instant.ofEpochMilli(p.getEnd().getValue()));
        }
        return out;
    }

    private static CapturedRequest last(String operation) {
        List<CapturedRequest> requests = emulator.requests(operation);
        assertFalse(requests.isEmpty(), "no captured " + operation);
        return requests.get(requests.size() - 1);
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> delete(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).DELETE().timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> postJson(String url, String accessToken, String json)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (accessToken != null) {
            b.header("Authorization", "Bearer " + accessToken);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> postForm(String url, Map<String, String> fields)
            throws IOException, InterruptedException {
        Map<String, List<String>> form = new LinkedHashMap<>();
        fields.forEach((k, v) -> form.put(k, List.of(v)));
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(formBody(form))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String formBody(Map<String, List<String>> form) {
        List<String> pairs = new ArrayList<>();
        form.forEach((name, values) -> values.forEach(v -> pairs.add(
                URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8))));
        return String.join("&", pairs);
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static String unescape(String html) {
        return html.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&");
    }

    private static byte[] gzip(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Parses a JSON array answer of the control API. */
    private static JsonArray jsonArray(String text) {
        try (JsonReader reader = jakarta.json.Json.createReader(new StringReader(text))) {
            return reader.readValue().asJsonArray();
        }
    }
}
