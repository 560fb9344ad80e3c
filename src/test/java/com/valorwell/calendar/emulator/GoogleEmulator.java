package com.valorwell.calendar.emulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory emulator of the parts of Google OAuth 2.0 and Google Calendar API v3 that the calendar
 * sync service uses, for tests and local development only. It listens on 127.0.0.1, answers with
 * Google's JSON shapes (so Google's Java client parses its answers unchanged) and can be steered by
 * tests in-process (the public methods here) or over HTTP under {@code /_emulator/} (see
 * {@link ControlEndpoints}).
 *
 * <p>Paths: OAuth {@code /o/oauth2/v2/auth}, {@code /token}, {@code /revoke}; Calendar
 * {@code /calendar/v3/...}, i.e. the base URL is the Calendar client's root URL.
 *
 * <p>This class owns the HTTP server and the routing of each request to an operation; the operation
 * names are those of {@link Fault#OPERATIONS}.
 */
public final class GoogleEmulator implements AutoCloseable {

    public static final String DEFAULT_CLIENT_ID = "emulator-client-id";
    public static final String DEFAULT_CLIENT_SECRET = "emulator-client-secret";
    public static final String DEFAULT_ACCOUNT = "clinician@example.com";
    public static final int DEFAULT_STANDALONE_PORT = 8089;

    public static final String SCOPE_CALENDAR = "https://www.googleapis.com/auth/calendar";
    public static final String SCOPE_CALENDAR_READONLY = "https://www.googleapis.com/auth/calendar.readonly";
    public static final String SCOPE_EVENTS = "https://www.googleapis.com/auth/calendar.events";
    public static final String SCOPE_FREEBUSY = "https://www.googleapis.com/auth/calendar.freebusy";
    public static final String SCOPE_CALENDARLIST_READONLY = "https://www.googleapis.com/auth/calendar.calendarlist.readonly";

    /** Enough that injected latency and hung calls don't serialize concurrent callers. */
    private static final int THREADS = 32;

    /** Tokens handed out by {@link #issueTokens}. */
    public record IssuedTokens(String accessToken, String refreshToken, long expiresIn, List<String> scopes) {
    }

    @FunctionalInterface
    private interface Handler {
        Response handle(HttpCall call);
    }

    /** What a request is: its operation name, its handler, and the calendars it concerns (for fault filters). */
    private record Route(String operation, Handler handler, List<String> calendarIds, boolean faultable) {
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final String baseUrl;
    private final OAuthState oauth;
    private final CalendarState calendars = new CalendarState();
    private final Faults faults = new Faults();
    private final CallLog callLog = new CallLog();
    private final OAuthEndpoints oauthEndpoints;
    private final CalendarEndpoints calendarEndpoints;
    private final ControlEndpoints controlEndpoints;

    private GoogleEmulator(int port, boolean autoApprove) throws IOException {
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 64);
        this.baseUrl = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
        this.oauth = new OAuthState(autoApprove);
        this.oauthEndpoints = new OAuthEndpoints(oauth, calendars);
        this.calendarEndpoints = new CalendarEndpoints(oauth, calendars, baseUrl);
        this.controlEndpoints = new ControlEndpoints(this);
        this.executor = Executors.newFixedThreadPool(THREADS, daemonThreads());
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts an emulator on 127.0.0.1 (port 0 = any free port) that auto-approves authorizations. */
    public static GoogleEmulator start(int port) {
        return start(port, true);
    }

    /** Starts an emulator; with {@code autoApprove} false, authorizations show a consent page. */
    public static GoogleEmulator start(int port, boolean autoApprove) {
        try {
            return new GoogleEmulator(port, autoApprove);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:PORT/}: the Calendar client's root URL and the base of every path. */
    public String baseUrl() {
        return baseUrl;
    }

    public String authorizationEndpoint() {
        return baseUrl + "o/oauth2/v2/auth";
    }

    public String tokenEndpoint() {
        return baseUrl + "token";
    }

    public String revocationEndpoint() {
        return baseUrl + "revoke";
    }

    /** Stops at once; calls still waiting on an injected delay are interrupted and get no answer. */
    public void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * Runs the emulator standalone until killed: {@code --port N} (default 8089), {@code --auto-approve}
     * to skip the consent page. Prints the base URL on standard output.
     */
    public static void main(String[] args) throws InterruptedException {
        int port = DEFAULT_STANDALONE_PORT;
        boolean autoApprove = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> {
                    if (i + 1 >= args.length) {
                        usage();
                    }
                    try {
                        port = Integer.parseInt(args[++i]);
                    } catch (NumberFormatException e) {
                        usage();
                    }
                }
                case "--auto-approve" -> autoApprove = true;
                default -> usage();
            }
        }
        GoogleEmulator emulator = start(port, autoApprove);
        Runtime.getRuntime().addShutdownHook(new Thread(emulator::stop, "google-emulator-shutdown"));
        System.out.println(emulator.baseUrl());
        System.out.flush();
        System.err.println("Google emulator (test tooling): client " + DEFAULT_CLIENT_ID + " / " + DEFAULT_CLIENT_SECRET
                + ", account " + DEFAULT_ACCOUNT + ", " + (autoApprove ? "auto-approve" : "consent page")
                + "; control API under " + emulator.baseUrl() + "_emulator/");
        new CountDownLatch(1).await();
    }

    private static void usage() {
        System.err.println("usage: GoogleEmulator [--port N] [--auto-approve]");
        System.exit(2);
    }

    // ======================================================================== control (Java side)

    /** Back to the start state: default client and account, no faults, counters and captures cleared. */
    public void reset() {
        oauth.reset();
        calendars.reset();
        faults.clear();
        callLog.reset();
    }

    /** Registers a fault; returns its id (for {@link #removeFault}). */
    public long addFault(Fault fault) {
        return faults.add(fault);
    }

    public boolean removeFault(long id) {
        return faults.remove(id);
    }

    public void clearFaults() {
        faults.clear();
    }

    /** The active faults (copies), with counted ones reduced by the calls they already applied to. */
    public List<Fault> faults() {
        return faults.faults();
    }

    List<JsonObject> faultsJson() {
        return faults.list();
    }

    /** Calls per operation, faulted ones included. */
    public Map<String, Integer> callCounts() {
        return callLog.counts();
    }

    public int callCount(String operation) {
        return callLog.counts().getOrDefault(operation, 0);
    }

    /** Calls per operation and answered status ("200", "503", ..., or "dropped"). */
    public Map<String, Map<String, Integer>> callCountsByStatus() {
        return callLog.countsByStatus();
    }

    /** Clears call counts and captured requests. */
    public void resetCalls() {
        callLog.reset();
    }

    /** The last {@value CallLog#MAX_CAPTURED} requests, oldest first; {@code operation} null for all. */
    public List<CapturedRequest> requests(String operation) {
        return callLog.requests(operation);
    }

    /** Creates the account if needed (with its primary calendar) and adds or changes the given calendars. */
    public void addAccount(String email, CalendarSpec... calendarSpecs) {
        addAccount(email, List.of(calendarSpecs));
    }

    public void addAccount(String email, List<CalendarSpec> calendarSpecs) {
        if (email == null || !email.contains("@")) {
            throw new IllegalArgumentException("an account needs an email");
        }
        calendars.ensureAccount(email);
        for (CalendarSpec spec : calendarSpecs) {
            calendars.addCalendar(email, spec);
        }
    }

    /** Accounts with their calendar lists, as the control API shows them. */
    List<JsonObject> accountsJson() {
        List<JsonObject> out = new ArrayList<>();
        for (CalendarState.Account a : calendars.accounts()) {
            List<JsonObject> list = new ArrayList<>();
            for (Map.Entry<String, String> e : a.entries()) {
                CalendarState.CalendarData d = calendars.calendar(e.getKey(), null, null);
                list.add(Jsons.obj("id", d.id, "summary", d.summary, "timeZone", d.timeZone, "accessRole", e.getValue(),
                        "primary", d.id.equals(a.primaryId)));
            }
            out.add(Jsons.obj("email", a.email, "calendars", list));
        }
        return out;
    }

    /**
     * Every stored event of the calendar, cancelled (deleted) ones included, in insertion order.
     *
     * @throws NoSuchElementException for an unknown calendar
     */
    public List<JsonObject> events(String calendarId) {
        CalendarState.CalendarData data = calendars.existingCalendar(calendarId);
        if (data == null) {
            throw new NoSuchElementException("unknown calendar " + calendarId);
        }
        synchronized (data) {
            return new ArrayList<>(data.events.values());
        }
    }

    /** Adds a raw busy block that freeBusy reports for the calendar (creating the calendar's data if needed). */
    public void addBusy(String calendarId, Instant start, Instant end) {
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("a busy block must end after it starts");
        }
        CalendarState.CalendarData data = calendars.calendar(calendarId, null, null);
        synchronized (data) {
            data.busy.add(new Instant[] {start, end});
        }
    }

    public void clearBusy(String calendarId) {
        CalendarState.CalendarData data = calendars.existingCalendar(calendarId);
        if (data != null) {
            synchronized (data) {
                data.busy.clear();
            }
        }
    }

    /** Makes freeBusy report an error entry with this reason for the calendar; null clears it. */
    public void forceFreeBusyError(String calendarId, String reason) {
        calendars.calendar(calendarId, null, null).forcedFreeBusyError = reason;
    }

    /** Forces the calendarList page size (e.g. 2 to test paging); null restores Google's default of 100. */
    public void forceCalendarListPageSize(Integer pageSize) {
        calendars.forceCalendarListPageSize(pageSize);
    }

    /** Adds or replaces an OAuth client; with redirect URIs given, authorizations must use one of them. */
    public void registerClient(String clientId, String clientSecret, String... redirectUris) {
        oauth.putClient(clientId, clientSecret, List.of(redirectUris));
    }

    void registerClient(String clientId, String clientSecret, Collection<String> redirectUris) {
        oauth.putClient(clientId, clientSecret, redirectUris);
    }

    List<String> clientIds() {
        return oauth.clientIds();
    }

    /** Auto-approve (redirect at once) or show the consent page. */
    public void setAutoApprove(boolean autoApprove) {
        oauth.updateConsent(c -> new OAuthState.Consent(autoApprove, c.account(), c.grantScopes(), c.deny(),
                c.omitRefreshToken()));
    }

    /** The account that signs in on auto-approve (and the consent page's default); null = login_hint or default. */
    public void setConsentAccount(String account) {
        oauth.updateConsent(c -> new OAuthState.Consent(c.autoApprove(), account, c.grantScopes(), c.deny(),
                c.omitRefreshToken()));
    }

    /** On auto-approve, grant only these of the requested scopes (unticked boxes); null = all requested. */
    public void setGrantedScopes(Collection<String> scopes) {
        List<String> copy = scopes == null ? null : List.copyOf(scopes);
        oauth.updateConsent(c -> new OAuthState.Consent(c.autoApprove(), c.account(), copy, c.deny(),
                c.omitRefreshToken()));
    }

    /** On auto-approve, answer {@code error=access_denied} as if the user clicked Deny. */
    public void setDenyConsent(boolean deny) {
        oauth.updateConsent(c -> new OAuthState.Consent(c.autoApprove(), c.account(), c.grantScopes(), deny,
                c.omitRefreshToken()));
    }

    /** Leave {@code refresh_token} out of code exchanges, as Google does on repeated consent. */
    public void setOmitRefreshToken(boolean omit) {
        oauth.updateConsent(c -> new OAuthState.Consent(c.autoApprove(), c.account(), c.grantScopes(), c.deny(), omit));
    }

    JsonObject consentJson() {
        OAuthState.Consent c = oauth.consent();
        return Jsons.obj("autoApprove", c.autoApprove(), "account", c.account() == null ? JsonValue.NULL : c.account(),
                "grantScopes", c.grantScopes() == null ? JsonValue.NULL : Jsons.array(c.grantScopes()),
                "deny", c.deny(), "omitRefreshToken", c.omitRefreshToken());
    }

    /** Expires now the current access tokens of the account (all accounts when null); returns how many. */
    public int expireAccessTokens(String account) {
        return oauth.expireAccessTokens(account);
    }

    /** Revokes every grant (refresh token and access tokens) of the account (all when null); returns how many. */
    public int revokeTokens(String account) {
        return oauth.revokeAccount(account);
    }

    /** Revokes the grant behind one access or refresh token, as {@code /revoke} does. */
    public boolean revokeToken(String token) {
        return oauth.revokeToken(token);
    }

    /** Expires the refresh tokens of the account (all when null); access tokens already issued stay valid. */
    public int expireRefreshTokens(String account) {
        return oauth.expireRefreshTokens(account);
    }

    public boolean expireRefreshToken(String refreshToken) {
        return oauth.expireRefreshToken(refreshToken);
    }

    /** Lifetime ({@code expires_in}) of access tokens issued from now on; default 3599 s. */
    public void setAccessTokenLifetime(long seconds) {
        oauth.setAccessTokenSeconds(seconds);
    }

    /** Counts only: codes issued/exchanged, access tokens issued/valid, refresh tokens issued, refreshes, revocations. */
    public Map<String, Long> tokenStats() {
        return oauth.stats();
    }

    /**
     * Issues tokens without the browser dance, for tests that only need a working access token: a grant
     * of the default client for the account (created if new) with the given scopes and a refresh token.
     */
    public IssuedTokens issueTokens(String account, Collection<String> scopes) {
        return issueTokens(DEFAULT_CLIENT_ID, account, scopes);
    }

    public IssuedTokens issueTokens(String clientId, String account, Collection<String> scopes) {
        if (oauth.client(clientId) == null) {
            throw new IllegalArgumentException("unknown client " + clientId);
        }
        if (account == null || !account.contains("@")) {
            throw new IllegalArgumentException("an account needs an email");
        }
        calendars.ensureAccount(account);
        OAuthState.Issued issued = oauth.issueGrant(clientId, account, OAuthState.ordered(scopes), true);
        return new IssuedTokens(issued.accessToken(), issued.refreshToken(), issued.expiresIn(), issued.scopes());
    }

    // ======================================================================== HTTP dispatch

    private void handle(HttpExchange exchange) {
        try {
            HttpCall call = HttpCall.read(exchange);
            if (!call.segments.isEmpty() && call.segments.get(0).equals("_emulator")) {
                send(exchange, controlEndpoints.handle(call));
                return;
            }
            if (call.segments.isEmpty() && call.method.equals("GET")) {
                send(exchange, Response.text(200, index()));
                return;
            }
            Route route = route(call);
            CallLog.Entry entry = callLog.begin(route.operation(), call);
            Fault fault = route.faultable() ? faults.take(route.operation(), route.calendarIds()) : null;
            Response response = run(route, call, fault);
            if (response == null) {
                // Closing an exchange before any response header makes the JDK server close the socket:
                // the client sees the connection end without an answer.
                callLog.end(entry, 0);
                return;
            }
            callLog.end(entry, response.status);
            send(exchange, response);
        } catch (IOException e) {
            // The client went away (e.g. it timed out during an injected delay): nobody to answer.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            exchange.close();
        }
    }

    /** Applies the fault around the operation (see {@link Fault}); null means drop the connection. */
    private Response run(Route route, HttpCall call, Fault fault) throws InterruptedException {
        if (fault == null) {
            return invoke(route, call);
        }
        if (!fault.storeThenTimeout()) {
            Thread.sleep(Math.min(fault.latencyMs(), Fault.MAX_WAIT_MS));
            if (fault.dropConnection()) {
                return null;
            }
            return fault.status() != null ? injected(route.operation(), fault) : invoke(route, call);
        }
        Response real = invoke(route, call);
        Thread.sleep(fault.hangMs());
        if (fault.dropConnection()) {
            return null;
        }
        return fault.status() != null ? injected(route.operation(), fault) : real;
    }

    private static Response invoke(Route route, HttpCall call) {
        try {
            return route.handler().handle(call);
        } catch (ApiError e) {
            return e.response;
        } catch (IllegalArgumentException e) {
            // A body member of the wrong type (e.g. a string where a number belongs), as Google reports it.
            return GoogleErrors.api(400, "global", "invalid", "Invalid value: " + e.getMessage(), null);
        } catch (RuntimeException e) {
            System.err.println("google-emulator: " + route.operation() + " failed: " + e);
            e.printStackTrace();
            return GoogleErrors.api(500, "global", "internalError", "Internal error encountered.", "INTERNAL");
        }
    }

    private static Response injected(String operation, Fault fault) {
        int status = fault.status();
        Response r;
        if (operation.startsWith("token.") || operation.equals("revoke")) {
            r = GoogleErrors.injectedOAuth(status, fault.reason(), fault.message());
        } else if (operation.startsWith("auth")) {
            r = GoogleErrors.authPage(status, fault.reason() != null ? fault.reason() : "server_error",
                    fault.message() != null ? fault.message() : "Something went wrong (injected by the emulator).");
        } else {
            r = GoogleErrors.injected(status, fault.reason(), fault.message());
        }
        if (fault.retryAfter() != null) {
            r.header("Retry-After", fault.retryAfter());
        }
        return r;
    }

    private Route route(HttpCall call) {
        List<String> s = call.segments;
        String m = call.method;
        String path = String.join("/", s);
        if (path.equals("o/oauth2/v2/auth") && m.equals("GET")) {
            return new Route("auth", oauthEndpoints::authorize, List.of(), true);
        }
        if (path.equals("o/oauth2/v2/auth/decide") && m.equals("POST")) {
            return new Route("auth.decide", oauthEndpoints::decide, List.of(), true);
        }
        if (path.equals("token") && m.equals("POST")) {
            return new Route(OAuthEndpoints.tokenOperation(call), oauthEndpoints::token, List.of(), true);
        }
        if (path.equals("revoke") && (m.equals("POST") || m.equals("GET"))) {
            return new Route("revoke", oauthEndpoints::revoke, List.of(), true);
        }
        if (s.size() >= 3 && s.get(0).equals("calendar") && s.get(1).equals("v3")) {
            List<String> rest = s.subList(2, s.size());
            if (rest.equals(List.of("users", "me", "calendarList")) && m.equals("GET")) {
                return new Route("calendarList.list", calendarEndpoints::calendarList, List.of(), true);
            }
            if (rest.equals(List.of("freeBusy")) && m.equals("POST")) {
                return new Route("freeBusy.query", calendarEndpoints::freeBusy, freeBusyCalendarIds(call), true);
            }
            if (rest.size() >= 3 && rest.get(0).equals("calendars") && rest.get(2).equals("events")) {
                String calendarId = rest.get(1);
                List<String> ids = calendarIdsFor(call, calendarId);
                if (rest.size() == 3 && m.equals("POST")) {
                    return new Route("events.insert", c -> calendarEndpoints.insertEvent(c, calendarId), ids, true);
                }
                if (rest.size() == 4) {
                    String eventId = rest.get(3);
                    switch (m) {
                        case "GET":
                            return new Route("events.get", c -> calendarEndpoints.getEvent(c, calendarId, eventId), ids, true);
                        case "PUT":
                            return new Route("events.update", c -> calendarEndpoints.updateEvent(c, calendarId, eventId), ids, true);
                        case "PATCH":
                            return new Route("events.patch", c -> calendarEndpoints.patchEvent(c, calendarId, eventId), ids, true);
                        case "DELETE":
                            return new Route("events.delete", c -> calendarEndpoints.deleteEvent(c, calendarId, eventId), ids, true);
                        default:
                            break;
                    }
                }
            }
            return unrouted("This method is not emulated: " + m + " " + call.rawPath);
        }
        return unrouted("Not Found: " + m + " " + call.rawPath);
    }

    private static Route unrouted(String message) {
        return new Route("unrouted", c -> GoogleErrors.api(404, "global", "notFound", message, null), List.of(), false);
    }

    /** The calendar as named in the path, plus what {@code primary} means for the caller's token. */
    private List<String> calendarIdsFor(HttpCall call, String calendarId) {
        List<String> ids = new ArrayList<>(List.of(calendarId));
        String authorization = call.header("Authorization");
        if ("primary".equals(calendarId) && authorization != null && authorization.length() > 7) {
            OAuthState.AccessToken token = oauth.validAccessToken(authorization.substring(7).trim());
            CalendarState.Account account = token == null ? null : calendars.account(token.grant.account);
            if (account != null) {
                ids.add(account.primaryId);
            }
        }
        return ids;
    }

    private List<String> freeBusyCalendarIds(HttpCall call) {
        List<String> ids = new ArrayList<>();
        try {
            for (JsonObject item : Jsons.objects(Jsons.parseObject(call.bodyText()), "items")) {
                String id = Jsons.text(item, "id");
                if (id != null) {
                    ids.addAll(calendarIdsFor(call, id));
                }
            }
        } catch (IllegalArgumentException e) {
            // A malformed body concerns no calendar; the operation itself answers the parse error.
        }
        return ids;
    }

    private static void send(HttpExchange exchange, Response response) throws IOException {
        response.headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        if (response.contentType != null) {
            exchange.getResponseHeaders().set("Content-Type", response.contentType);
        }
        boolean empty = response.body.length == 0;
        exchange.sendResponseHeaders(response.status, empty ? -1 : response.body.length);
        if (!empty) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response.body);
            }
        }
    }

    private String index() {
        return "Google emulator (test tooling, not Google)\n\n"
                + "OAuth:     " + authorizationEndpoint() + "  " + tokenEndpoint() + "  " + revocationEndpoint() + "\n"
                + "Calendar:  " + baseUrl + "calendar/v3/ (use the base URL as the client's root URL)\n"
                + "Control:   " + baseUrl + "_emulator/ (reset, faults, calls, requests, accounts, calendars, consent,"
                + " clients, paging, tokens)\n"
                + "Client:    " + DEFAULT_CLIENT_ID + " / " + DEFAULT_CLIENT_SECRET + "\n"
                + "Account:   " + DEFAULT_ACCOUNT + "\n";
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "google-emulator-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
