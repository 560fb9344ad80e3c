package com.valorwell.calendar.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.valorwell.calendar.connection.control.OAuthStates;
import com.valorwell.calendar.emulator.CalendarSpec;
import com.valorwell.calendar.emulator.CapturedRequest;
import com.valorwell.calendar.emulator.Fault;
import com.valorwell.calendar.emulator.GoogleEmulator;
import com.valorwell.calendar.platform.config.Setting;
import com.valorwell.calendar.platform.crypto.TokenCipher;
import com.valorwell.calendar.testsupport.DeployedServiceIT;
import com.valorwell.calendar.testsupport.Fixtures;
import com.valorwell.calendar.testsupport.Http;
import com.valorwell.calendar.testsupport.ItEnvironment;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Connecting a Google Calendar through HTTP: auth-start, the emulator's consent, the
 * callback; the state's single use; scopes and tokens; refresh; calendars; disconnect.
 * The production WAR in Payara Micro, the real database, the Google emulator.
 */
class ConnectIT extends DeployedServiceIT {

    static final String APP = "http://127.0.0.1:8080/app/settings/calendar";



    /** Every state the tests saw, to be sure none reached the log. */
    static final List<String> statesSeen = new ArrayList<>();

    Fixtures.Tenant tenant;
    String token;
    String account;


    @AfterAll
    static void logsHoldNoSecrets() throws Exception {
        String log = ItEnvironment.current().payaraLogs();
        assertTrue(log.contains("calendar-sync"), "the server log was captured");
        for (String marker : new String[] {"emu-at-", "emu-rt-", "emu-code-"}) {
            assertFalse(log.contains(marker), "the log holds a Google token or code (" + marker + ")");
        }
        for (String secret : new String[] {settings.get("GOOGLE_CLIENT_SECRET"), settings.get("TOKEN_ENCRYPTION_KEY"),
                settings.get("OAUTH_STATE_SIGNING_SECRET"), settings.get("TOKEN_ENCRYPTION_OLD_KEYS")}) {
            assertFalse(log.contains(secret), "the log holds a secret");
        }
        for (String state : statesSeen) {
            assertFalse(log.contains(state), "the log holds an OAuth state");
        }
    }

    @BeforeEach
    void clinician() {
        google.setAutoApprove(true);
        google.setGrantedScopes(null);
        google.setDenyConsent(false);
        google.setOmitRefreshToken(false);
        google.forceCalendarListPageSize(null);
        tenant = fixtures.tenant();
        token = keys.token(tenant.clinicianProfile());
        account = "clinician-" + UUID.randomUUID() + "@example.test";
        google.setConsentAccount(account);
    }

    // ---- the flow ----

    /** auth-start, then the consent at the emulator; returns the callback's query as Google sent it. */
    Map<String, String> authorize() {
        Http.Response start = http.post("functions/v1/google-calendar-auth-start", token, "{}");
        assertEquals(200, start.status(), start::toString);
        Http.Response consent = http.send(HttpRequest.newBuilder(URI.create(start.json().getString("url"))).GET().build());
        assertEquals(302, consent.status(), consent::toString);
        Map<String, String> query = query(URI.create(consent.header("Location")));
        statesSeen.add(query.get("state"));
        return query;
    }

    Http.Response callback(Map<String, String> query) {
        StringBuilder q = new StringBuilder();
        query.forEach((k, v) -> q.append(q.length() == 0 ? "" : "&").append(k).append('=')
                .append(java.net.URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return http.get("functions/v1/google-calendar-auth-callback?" + q, null);
    }

    /** The outcome a callback answer carries: "connected" or the error reason. */
    static String outcome(Http.Response r) {
        assertEquals(302, r.status(), r::toString);
        String location = r.header("Location");
        assertTrue(location.startsWith(APP + "?"), () -> "always to APP_REDIRECT_URL: " + location);
        Map<String, String> q = query(URI.create(location));
        return "connected".equals(q.get("google_calendar")) ? "connected" : q.get("reason");
    }

    void connect() {
        assertEquals("connected", outcome(callback(authorize())));
    }

    static Map<String, String> query(URI uri) {
        Map<String, String> out = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    Map<String, Object> row(UUID staff) throws Exception {
        try (PreparedStatement s = db.prepareStatement("select * from staff_calendar_connections where staff_id = ?")) {
            s.setObject(1, staff);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Map<String, Object> m = new HashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    m.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
                }
                return m;
            }
        }
    }

    void expireStoredToken(UUID staff) throws Exception {
        fixtures.exec("update staff_calendar_connections set token_expires_at = now() - interval '1 minute'"
                + " where staff_id = ?", staff);
    }

    @Test
    void authStartUrlCarriesEveryParameter() {
        Http.Response start = http.post("functions/v1/google-calendar-auth-start", token, "");
        assertEquals(200, start.status(), start::toString);
        URI u = URI.create(start.json().getString("url"));
        assertTrue(start.json().getString("url").startsWith(settings.get("GOOGLE_AUTH_URI") + "?"));
        Map<String, String> q = query(u);
        assertEquals(settings.get("GOOGLE_CLIENT_ID"), q.get("client_id"));
        assertEquals(settings.get("GOOGLE_REDIRECT_URI"), q.get("redirect_uri"));
        assertEquals("code", q.get("response_type"));
        assertEquals(Setting.GOOGLE_SCOPES.defaultValue().orElseThrow(), q.get("scope"));
        assertEquals("offline", q.get("access_type"));
        assertEquals("consent", q.get("prompt"));
        assertEquals("true", q.get("include_granted_scopes"));
        assertEquals("S256", q.get("code_challenge_method"));
        assertEquals(43, q.get("code_challenge").length());
        assertTrue(q.get("state").matches("[A-Za-z0-9_.-]{60,}"), q.get("state"));
        Instant expires = Instant.parse(start.json().getString("expires_at"));
        assertTrue(expires.isAfter(Instant.now().plusSeconds(540)) && expires.isBefore(Instant.now().plusSeconds(660)));
    }

    @Test
    void happyPathConnectsAndStoresOnlyCiphertext() throws Exception {
        Http.Response start = http.post("functions/v1/google-calendar-auth-start", token, "{}");
        String challenge = query(URI.create(start.json().getString("url"))).get("code_challenge");
        int exchangesBefore = google.callCount("token.authorization_code");
        connect();
        assertEquals(exchangesBefore + 1, google.callCount("token.authorization_code"));
        Http.Response r = http.get("functions/v1/google-calendar-connection", token);
        assertEquals("connected", r.json().getString("status"));
        assertEquals("primary", r.json().getString("selected_calendar_id"));
        Map<String, Object> row = row(tenant.clinicianStaff());
        String access = (String) row.get("access_token_encrypted");
        String refresh = (String) row.get("refresh_token_encrypted");
        assertTrue(access.startsWith("v1.") && refresh.startsWith("v1."));
        assertFalse(access.contains("emu-") || refresh.contains("emu-"), "no plaintext token is stored");
        assertNull(row.get("oauth_state_nonce_hash"), "the state is spent");
        // PKCE: the verifier the service sent matches the challenge of the URL it gave out.
        CapturedRequest exchange = google.requests("token.authorization_code").get(google.requests("token.authorization_code").size() - 1);
        String verifier = query(URI.create("http://x/?" + exchange.body())).get("code_verifier");
        assertNotNull(verifier);
        Http.Response second = http.post("functions/v1/google-calendar-auth-start", token, "{}");
        assertNotEquals(challenge, query(URI.create(second.json().getString("url"))).get("code_challenge"));
        String latestChallenge = query(URI.create(google.requests("auth").get(google.requests("auth").size() - 1).path()
                + "?" + google.requests("auth").get(google.requests("auth").size() - 1).query())).get("code_challenge");
        assertEquals(latestChallenge, OAuthStates.challenge(verifier));
    }

    @Test
    void replayedCallbackIsInvalidAndExchangesNothing() {
        Map<String, String> q = authorize();
        assertEquals("connected", outcome(callback(q)));
        int exchanges = google.callCount("token.authorization_code");
        assertEquals("invalid_state", outcome(callback(q)));
        assertEquals(exchanges, google.callCount("token.authorization_code"));
    }

    @Test
    void concurrentCallbacksWithOneStateConnectOnce() throws Exception {
        Map<String, String> q = authorize();
        int exchanges = google.callCount("token.authorization_code");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Callable<String>> both = List.of(() -> outcome(callback(q)), () -> outcome(callback(q)));
            List<String> outcomes = new ArrayList<>();
            for (Future<String> f : pool.invokeAll(both)) {
                outcomes.add(f.get());
            }
            outcomes.sort(null);
            assertEquals(List.of("connected", "invalid_state"), outcomes);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(exchanges + 1, google.callCount("token.authorization_code"));
    }

    @Test
    void badStatesAreRefusedWithTheirReasons() {
        Map<String, String> q = authorize();
        String state = q.get("state");
        Map<String, String> tampered = new HashMap<>(q);
        tampered.put("state", (state.charAt(0) == 'A' ? "B" : "A") + state.substring(1));
        assertEquals("invalid_state", outcome(callback(tampered)));
        Map<String, String> truncated = new HashMap<>(q);
        truncated.put("state", state.substring(0, state.length() - 5));
        assertEquals("invalid_state", outcome(callback(truncated)));
        Map<String, String> missing = new HashMap<>(q);
        missing.remove("state");
        assertEquals("invalid_state", outcome(callback(missing)));

        OAuthStates foreign = new OAuthStates("another-secret-of-at-least-32-bytes!!".getBytes(StandardCharsets.UTF_8),
                Clock.systemUTC());
        Map<String, String> foreignSigned = new HashMap<>(q);
        foreignSigned.put("state", foreign.issue(tenant.clinicianStaff(), tenant.id()).state());
        assertEquals("invalid_state", outcome(callback(foreignSigned)));

        OAuthStates eleventMinutesAgo = new OAuthStates(
                settings.get("OAUTH_STATE_SIGNING_SECRET").getBytes(StandardCharsets.UTF_8),
                Clock.fixed(Instant.now().minusSeconds(660), ZoneOffset.UTC));
        Map<String, String> expired = new HashMap<>(q);
        expired.put("state", eleventMinutesAgo.issue(tenant.clinicianStaff(), tenant.id()).state());
        assertEquals("expired_state", outcome(callback(expired)));

        OAuthStates ours = new OAuthStates(settings.get("OAUTH_STATE_SIGNING_SECRET").getBytes(StandardCharsets.UTF_8),
                Clock.systemUTC());
        Map<String, String> strangerStaff = new HashMap<>(q);
        strangerStaff.put("state", ours.issue(UUID.randomUUID(), tenant.id()).state());
        assertEquals("staff_not_found", outcome(callback(strangerStaff)));

        // After all that the genuine state is still good: nothing above consumed it.
        assertEquals("connected", outcome(callback(q)));
    }

    @Test
    void aNewerStartSupersedesTheOlderState() {
        Map<String, String> older = authorize();
        Map<String, String> newer = authorize();
        assertEquals("invalid_state", outcome(callback(older)));
        assertEquals("connected", outcome(callback(newer)));
    }

    @Test
    void deniedConsentIsAccessDenied() throws Exception {
        google.setDenyConsent(true);
        Map<String, String> q = authorize();
        assertEquals("access_denied", q.get("error"));
        assertEquals("access_denied", outcome(callback(q)));
        assertNull(row(tenant.clinicianStaff()).get("access_token_encrypted"));
    }

    @Test
    void untickedScopeIsInsufficientAndStoresNothing() throws Exception {
        for (String missing : new String[] {GoogleEmulator.SCOPE_EVENTS, GoogleEmulator.SCOPE_FREEBUSY}) {
            Set<String> granted = new java.util.HashSet<>(Set.of(GoogleEmulator.SCOPE_EVENTS, GoogleEmulator.SCOPE_FREEBUSY,
                    GoogleEmulator.SCOPE_CALENDARLIST_READONLY));
            granted.remove(missing);
            google.setGrantedScopes(granted);
            google.setConsentAccount("unticked-" + UUID.randomUUID() + "@example.test");
            assertEquals("insufficient_scope", outcome(callback(authorize())));
            Map<String, Object> row = row(tenant.clinicianStaff());
            assertNull(row.get("access_token_encrypted"));
            assertNull(row.get("refresh_token_encrypted"));
            assertEquals("disconnected", row.get("connection_status"));
        }
    }

    @Test
    void firstConsentWithoutRefreshTokenIsRefused() throws Exception {
        google.setOmitRefreshToken(true);
        assertEquals("no_refresh_token", outcome(callback(authorize())));
        assertNull(row(tenant.clinicianStaff()).get("access_token_encrypted"));
        assertEquals("disconnected", http.get("functions/v1/google-calendar-connection", token).json().getString("status"));
    }

    @Test
    void reconsentWithoutRefreshTokenKeepsTheStoredOne() throws Exception {
        connect();
        String refreshBefore = (String) row(tenant.clinicianStaff()).get("refresh_token_encrypted");
        google.setOmitRefreshToken(true);
        connect();
        String refreshAfter = (String) row(tenant.clinicianStaff()).get("refresh_token_encrypted");
        assertNotNull(refreshAfter);
        assertNotEquals(refreshBefore, refreshAfter, "re-encrypted with a fresh IV");
        expireStoredToken(tenant.clinicianStaff());
        int refreshes = google.callCount("token.refresh_token");
        assertEquals(200, http.get("functions/v1/google-calendar-list-calendars", token).status());
        assertEquals(refreshes + 1, google.callCount("token.refresh_token"), "the kept refresh token still works");
    }

    @Test
    void ciphertextCopiedToAnotherRowOrColumnDoesNotDecrypt() throws Exception {
        connect();
        String otherToken = keys.token(tenant.otherClinicianProfile());
        google.setConsentAccount("other-" + account);
        Http.Response start = http.post("functions/v1/google-calendar-auth-start", otherToken, "{}");
        Http.Response consent = http.send(HttpRequest.newBuilder(URI.create(start.json().getString("url"))).GET().build());
        assertEquals("connected", outcome(callback(query(URI.create(consent.header("Location"))))));
        // Another row: the other clinician's row gets this clinician's refresh ciphertext.
        fixtures.exec("update staff_calendar_connections set refresh_token_encrypted ="
                + " (select refresh_token_encrypted from staff_calendar_connections where staff_id = ?),"
                + " token_expires_at = now() - interval '1 minute' where staff_id = ?",
                tenant.clinicianStaff(), tenant.otherClinicianStaff());
        Http.Response other = http.get("functions/v1/google-calendar-list-calendars", otherToken);
        assertEquals(409, other.status(), other::toString);
        assertEquals("needs_reconnect", other.json().getString("code"));
        // Another column: the access ciphertext put in the refresh column.
        fixtures.exec("update staff_calendar_connections set refresh_token_encrypted = access_token_encrypted,"
                + " token_expires_at = now() - interval '1 minute' where staff_id = ?", tenant.clinicianStaff());
        Http.Response own = http.get("functions/v1/google-calendar-list-calendars", token);
        assertEquals(409, own.status(), own::toString);
        assertEquals("needs_reconnect", own.json().getString("code"));
    }

    @Test
    void tokensWrittenUnderARetiredKeyStillWorkAndAreReencrypted() throws Exception {
        GoogleEmulator.IssuedTokens issued = google.issueTokens(account, List.of(GoogleEmulator.SCOPE_EVENTS,
                GoogleEmulator.SCOPE_FREEBUSY, GoogleEmulator.SCOPE_CALENDARLIST_READONLY));
        UUID rowId = UUID.randomUUID();
        byte[] oldKey = Setting.decodeAesKey(settings.get("TOKEN_ENCRYPTION_OLD_KEYS")).orElseThrow();
        TokenCipher old = new TokenCipher(oldKey, List.of());
        String table = "staff_calendar_connections";
        fixtures.exec("insert into staff_calendar_connections (id, tenant_id, staff_id, connection_status,"
                + " selected_calendar_id, access_token_encrypted, refresh_token_encrypted, token_expires_at, granted_scopes)"
                + " values (?, ?, ?, 'connected', 'primary', ?, ?, now() - interval '1 minute', ?)",
                rowId, tenant.id(), tenant.clinicianStaff(),
                old.encrypt(issued.accessToken(), TokenCipher.boundTo(table, rowId, "access_token_encrypted")),
                old.encrypt(issued.refreshToken(), TokenCipher.boundTo(table, rowId, "refresh_token_encrypted")),
                String.join(" ", issued.scopes()));
        String oldKeyId = ((String) row(tenant.clinicianStaff()).get("access_token_encrypted")).split("\\.")[1];
        Http.Response r = http.get("functions/v1/google-calendar-list-calendars", token);
        assertEquals(200, r.status(), r::toString);
        String newKeyId = ((String) row(tenant.clinicianStaff()).get("access_token_encrypted")).split("\\.")[1];
        assertNotEquals(oldKeyId, newKeyId, "the refreshed token is written under the current key");
    }

    // ---- refresh ----

    @Test
    void fiftyConcurrentCallsOnAnExpiredTokenRefreshOnce() throws Exception {
        connect();
        expireStoredToken(tenant.clinicianStaff());
        int refreshes = google.callCount("token.refresh_token");
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                calls.add(() -> http.get("functions/v1/google-calendar-list-calendars", token).status());
            }
            for (Future<Integer> f : pool.invokeAll(calls)) {
                assertEquals(200, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(refreshes + 1, google.callCount("token.refresh_token"));
    }

    @Test
    void invalidGrantMeansNeedsReconnect() throws Exception {
        connect();
        google.revokeTokens(account);
        expireStoredToken(tenant.clinicianStaff());
        Http.Response r = http.get("functions/v1/google-calendar-list-calendars", token);
        assertEquals(409, r.status(), r::toString);
        assertEquals("needs_reconnect", r.json().getString("code"));
        JsonObject c = http.get("functions/v1/google-calendar-connection", token).json();
        assertEquals("needs_reconnect", c.getString("status"));
        assertFalse(c.isNull("last_error"));
    }

    @Test
    void tokenEndpointOutageIsUnavailableAndStaysConnected() throws Exception {
        connect();
        expireStoredToken(tenant.clinicianStaff());
        google.addFault(Fault.on("token.refresh_token").status(503).reason("backendError").retryAfter("17").count(1));
        Http.Response r = http.get("functions/v1/google-calendar-list-calendars", token);
        assertEquals(503, r.status(), r::toString);
        assertEquals("google_unavailable", r.json().getString("code"));
        assertEquals("17", r.header("Retry-After"));
        assertEquals("connected", http.get("functions/v1/google-calendar-connection", token).json().getString("status"));

        google.addFault(Fault.on("token.refresh_token").latencyMs(5000).count(1));
        Http.Response slow = http.get("functions/v1/google-calendar-list-calendars", token);
        assertEquals(503, slow.status(), slow::toString);
        assertNotNull(slow.header("Retry-After"));
        assertEquals("connected", http.get("functions/v1/google-calendar-connection", token).json().getString("status"));
        google.clearFaults();
        assertEquals(200, http.get("functions/v1/google-calendar-list-calendars", token).status());
    }

    // ---- calendars ----

    @Test
    void calendarsAreListedOverAllPagesWritableOnlyPrimaryFirst() {
        google.addAccount(account,
                new CalendarSpec("shared-ro@example.test", "Read only", "reader", false, "UTC"),
                new CalendarSpec("team@example.test", "Team", "writer", false, "UTC"),
                new CalendarSpec(account, "Me", "owner", true, "UTC"),
                new CalendarSpec("busy@example.test", "Free/busy", "freeBusyReader", false, "UTC"),
                new CalendarSpec("side@example.test", "Side practice", "owner", false, "UTC"));
        connect();
        google.forceCalendarListPageSize(2);
        int lists = google.callCount("calendarList.list");
        Http.Response r = http.post("functions/v1/google-calendar-list-calendars", token, "{}");
        assertEquals(200, r.status(), r::toString);
        assertEquals(lists + 3, google.callCount("calendarList.list"), "three pages");
        List<String> ids = r.json().getJsonArray("calendars").getValuesAs(JsonObject.class).stream()
                .map(c -> c.getString("id")).toList();
        assertEquals(List.of(account, "team@example.test", "side@example.test"), ids);
        assertTrue(r.json().getJsonArray("calendars").getJsonObject(0).getBoolean("primary"));
        assertFalse(r.json().getBoolean("limited"));
    }

    @Test
    void withoutTheCalendarListScopeOnlyPrimaryIsOfferedAsLimited() {
        google.setGrantedScopes(Set.of(GoogleEmulator.SCOPE_EVENTS, GoogleEmulator.SCOPE_FREEBUSY));
        connect();
        Http.Response r = http.get("functions/v1/google-calendar-list-calendars", token);
        assertEquals(200, r.status(), r::toString);
        assertTrue(r.json().getBoolean("limited"));
        assertEquals(1, r.json().getJsonArray("calendars").size());
        assertEquals("primary", r.json().getJsonArray("calendars").getJsonObject(0).getString("id"));
    }

    @Test
    void aLimitedConnectionWhoseGrantIsGoneSaysNeedsReconnect() throws Exception {
        google.setGrantedScopes(Set.of(GoogleEmulator.SCOPE_EVENTS, GoogleEmulator.SCOPE_FREEBUSY));
        connect();
        google.revokeTokens(account);
        expireStoredToken(tenant.clinicianStaff());
        Http.Response r = http.get("functions/v1/google-calendar-list-calendars", token);
        assertEquals(409, r.status(), r::toString);
        assertEquals("needs_reconnect", r.json().getString("code"), "not a made-up primary calendar");
    }

    @Test
    void onlyAListedCalendarCanBeSelected() throws Exception {
        google.addAccount(account, new CalendarSpec(account, "Me", "owner", true, "UTC"),
                new CalendarSpec("ro@example.test", "Read only", "reader", false, "UTC"),
                new CalendarSpec("work@example.test", "Work", "writer", false, "UTC"));
        connect();
        Http.Response unknown = http.post("functions/v1/google-calendar-select-calendar", token,
                "{\"calendar_id\":\"ro@example.test\"}");
        assertEquals(400, unknown.status(), unknown::toString);
        assertEquals("unknown_calendar", unknown.json().getString("code"));
        assertEquals("primary", row(tenant.clinicianStaff()).get("selected_calendar_id"));
        Http.Response ok = http.post("functions/v1/google-calendar-select-calendar", token,
                "{\"calendar_id\":\"work@example.test\"}");
        assertEquals(200, ok.status(), ok::toString);
        assertEquals("work@example.test", ok.json().getString("selected_calendar_id"));
        Http.Response missing = http.post("functions/v1/google-calendar-select-calendar", token, "{}");
        assertEquals(400, missing.status());
        assertEquals("invalid_request", missing.json().getString("code"));
    }

    @Test
    void notConnectedClinicianGetsNotConnected() {
        Http.Response r = http.get("functions/v1/google-calendar-list-calendars", token);
        assertEquals(409, r.status(), r::toString);
        assertEquals("not_connected", r.json().getString("code"));
    }

    // ---- disconnect ----

    @Test
    void disconnectRevokesErasesAndIsIdempotent() throws Exception {
        connect();
        int revokes = google.callCount("revoke");
        Http.Response first = http.post("functions/v1/google-calendar-disconnect", token, "{}");
        assertEquals(200, first.status(), first::toString);
        assertEquals("disconnected", first.json().getString("status"));
        assertEquals(revokes + 1, google.callCount("revoke"));
        Map<String, Object> row = row(tenant.clinicianStaff());
        assertNull(row.get("access_token_encrypted"));
        assertNull(row.get("refresh_token_encrypted"));
        Http.Response second = http.post("functions/v1/google-calendar-disconnect", token, "{}");
        assertEquals(200, second.status(), second::toString);
        assertEquals("disconnected", second.json().getString("status"));
        assertEquals(revokes + 1, google.callCount("revoke"), "nothing left to revoke");
        assertEquals(409, http.get("functions/v1/google-calendar-list-calendars", token).status());
    }

    @Test
    void failedRevokeStillDisconnects() throws Exception {
        connect();
        google.addFault(Fault.on("revoke").status(503).count(1));
        Http.Response r = http.post("functions/v1/google-calendar-disconnect", token, "{}");
        assertEquals(200, r.status(), r::toString);
        assertEquals("disconnected", r.json().getString("status"));
        assertNull(row(tenant.clinicianStaff()).get("refresh_token_encrypted"));
    }

    // ---- who may call ----

    @Test
    void onlyStaffMayConnectOrListAndNeverForOthers() {
        String client = keys.token(tenant.clientProfile());
        String admin = keys.token(tenant.adminProfile());
        for (String t : new String[] {client, admin}) {
            for (String fn : new String[] {"google-calendar-auth-start", "google-calendar-list-calendars",
                    "google-calendar-disconnect"}) {
                Http.Response r = http.post("functions/v1/" + fn, t, "{}");
                assertEquals(403, r.status(), () -> fn + ": " + r);
                assertEquals("not_staff", r.json().getString("code"));
            }
        }
        // A body naming someone else changes nothing: the staff id comes from the token.
        Http.Response start = http.post("functions/v1/google-calendar-auth-start", token,
                "{\"staff_id\":\"" + tenant.otherClinicianStaff() + "\"}");
        assertEquals(200, start.status());
        String state = query(URI.create(start.json().getString("url"))).get("state");
        String payload = new String(java.util.Base64.getUrlDecoder().decode(state.split("\\.")[0]), StandardCharsets.US_ASCII);
        assertTrue(payload.contains(tenant.clinicianStaff().toString()));
        assertFalse(payload.contains(tenant.otherClinicianStaff().toString()));
        assertEquals(401, http.post("functions/v1/google-calendar-auth-start", null, "{}").status());
    }
}
