package com.valorwell.calendar.google.control;

import com.google.api.client.auth.oauth2.AuthorizationCodeTokenRequest;
import com.google.api.client.auth.oauth2.ClientParametersAuthentication;
import com.google.api.client.auth.oauth2.RefreshTokenRequest;
import com.google.api.client.auth.oauth2.TokenErrorResponse;
import com.google.api.client.auth.oauth2.TokenResponse;
import com.google.api.client.auth.oauth2.TokenResponseException;
import com.google.api.client.googleapis.json.GoogleJsonError;
import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.client.googleapis.services.AbstractGoogleClientRequest;
import com.google.api.client.http.GenericUrl;
import com.google.api.client.http.HttpRequest;
import com.google.api.client.http.HttpRequestFactory;
import com.google.api.client.http.HttpRequestInitializer;
import com.google.api.client.http.HttpResponse;
import com.google.api.client.http.HttpResponseException;
import com.google.api.client.http.UrlEncodedContent;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.JsonFactory;
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
import com.valorwell.calendar.google.entity.BusyInterval;
import com.valorwell.calendar.google.entity.CalendarEntry;
import com.valorwell.calendar.google.entity.EventData;
import com.valorwell.calendar.google.entity.GoogleFailure;
import com.valorwell.calendar.google.entity.TokenGrant;
import com.valorwell.calendar.platform.config.Setting;
import com.valorwell.calendar.platform.config.Settings;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The service's one contact with Google: OAuth token, refresh and revoke calls and the
 * Calendar v3 calls, made with Google's Java clients and answered in the product's own
 * records, every failure reduced to a {@link GoogleFailure}.
 */
@ApplicationScoped
public class GoogleClientAdapter implements GooglePort {

    private static final Logger LOG = Logger.getLogger(GoogleClientAdapter.class.getName());

    static final String OP_CODE = "token.authorization_code";
    static final String OP_REFRESH = "token.refresh_token";
    static final String OP_REVOKE = "revoke";
    static final String OP_CALENDAR_LIST = "calendarList.list";
    static final String OP_FREE_BUSY = "freeBusy.query";
    static final String OP_INSERT = "events.insert";
    static final String OP_UPDATE = "events.update";
    static final String OP_DELETE = "events.delete";

    /** Google's largest calendarList page. */
    private static final int CALENDAR_LIST_PAGE_SIZE = 250;
    /** 50 pages of 250 is far beyond any real calendar list; the bound only stops a paging loop. */
    private static final int MAX_CALENDAR_LIST_PAGES = 50;
    private static final long DEFAULT_EXPIRES_IN_SECONDS = 3600;
    private static final String SEND_UPDATES_NONE = "none";
    private static final String APPLICATION_NAME = "valorwell-calendar-sync";

    /** Both thread-safe; the transport keeps the connection pool (HttpURLConnection's keep-alive). */
    private static final NetHttpTransport TRANSPORT = new NetHttpTransport();
    private static final JsonFactory JSON = GsonFactory.getDefaultInstance();

    @Inject
    Settings settings;

    @Inject
    Instance<GoogleCallObserver> observers;

    private HttpRequestInitializer requestInitializer;
    private HttpRequestFactory requestFactory;
    private ClientParametersAuthentication clientAuthentication;
    private GenericUrl tokenUrl;
    private GenericUrl revokeUrl;
    private String redirectUri;
    private Calendar calendar;
    private volatile GoogleCallObserver observer = GoogleCallObserver.NONE;

    /** For CDI; the container injects the settings and calls {@link #init()}. */
    public GoogleClientAdapter() {
    }

    /** Outside a container (unit tests, tools): ready to use at once, observed by no one. */
    public GoogleClientAdapter(Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        init();
    }

    @PostConstruct
    void init() {
        int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, settings.duration(Setting.GOOGLE_HTTP_TIMEOUT).toMillis());
        requestInitializer = request -> configure(request, timeoutMillis);
        requestFactory = TRANSPORT.createRequestFactory(requestInitializer);
        clientAuthentication = new ClientParametersAuthentication(settings.text(Setting.GOOGLE_CLIENT_ID),
                settings.text(Setting.GOOGLE_CLIENT_SECRET));
        tokenUrl = new GenericUrl(settings.text(Setting.GOOGLE_TOKEN_URI));
        revokeUrl = new GenericUrl(settings.text(Setting.GOOGLE_REVOKE_URI));
        redirectUri = settings.text(Setting.GOOGLE_REDIRECT_URI);
        String rootUrl = settings.text(Setting.GOOGLE_API_ROOT_URL);
        // One client for every user: the access token travels as a per-request header.
        calendar = new Calendar.Builder(TRANSPORT, JSON, requestInitializer)
                .setRootUrl(rootUrl.endsWith("/") ? rootUrl : rootUrl + "/")
                .setApplicationName(APPLICATION_NAME)
                .build();
        if (observers != null) {
            List<GoogleCallObserver> found = observers.stream().toList();
            if (!found.isEmpty()) {
                observer = found.size() == 1 ? found.get(0) : (op, status, nanos) -> found.forEach(
                        o -> o.observed(op, status, nanos));
            }
        }
    }

    /** Replaces the observer of every later call (null: none). */
    void observeWith(GoogleCallObserver observer) {
        this.observer = observer == null ? GoogleCallObserver.NONE : observer;
    }

    private static void configure(HttpRequest request, int timeoutMillis) {
        request.setConnectTimeout(timeoutMillis)
                .setReadTimeout(timeoutMillis)
                // Retrying is the sweeper's decision, made with Retry-After and backoff; a
                // silent retry here would also break "one Google call per operation". (Below this,
                // HttpURLConnection still re-sends a GET once if the connection dies before any
                // answer; it cannot be switched off, and the only GET, calendarList.list, is safe.)
                .setNumberOfRetries(0)
                .setIOExceptionHandler(null)
                .setUnsuccessfulResponseHandler(null)
                // At CONFIG level the transport would log whole bodies, token answers included.
                .setLoggingEnabled(false)
                .setCurlLoggingEnabled(false)
                .setContentLoggingLimit(0);
        // No write timeout: NetHttpTransport would start a thread per request to enforce it,
        // and every body sent here is a few hundred bytes.
    }

    // ------------------------------------------------------------------ OAuth

    @Override
    public TokenGrant exchangeCode(String code, String codeVerifier) {
        return call(OP_CODE, null, null, () -> new AuthorizationCodeTokenRequest(TRANSPORT, JSON, tokenUrl, code)
                .setRedirectUri(redirectUri)
                .setClientAuthentication(clientAuthentication)
                .setRequestInitializer(requestInitializer)
                .set("code_verifier", codeVerifier)
                .executeUnparsed(), response -> grant(OP_CODE, response));
    }

    @Override
    public TokenGrant refresh(String refreshToken) {
        return call(OP_REFRESH, null, null, () -> new RefreshTokenRequest(TRANSPORT, JSON, tokenUrl, refreshToken)
                .setClientAuthentication(clientAuthentication)
                .setRequestInitializer(requestInitializer)
                .executeUnparsed(), response -> grant(OP_REFRESH, response));
    }

    private static TokenGrant grant(String operation, HttpResponse response) throws IOException {
        TokenResponse token = response.parseAs(TokenResponse.class);
        if (token.getAccessToken() == null || token.getAccessToken().isEmpty()) {
            throw FailureMapping.noAnswer(operation, response.getStatusCode());
        }
        Long expiresIn = token.getExpiresInSeconds();
        return new TokenGrant(token.getAccessToken(), emptyToNull(token.getRefreshToken()),
                expiresIn == null ? DEFAULT_EXPIRES_IN_SECONDS : expiresIn, scopes(token.getScope()));
    }

    private static Set<String> scopes(String scope) {
        if (scope == null || scope.isBlank()) {
            return Set.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (String s : scope.trim().split("\\s+")) {
            out.add(s);
        }
        return Collections.unmodifiableSet(out);
    }

    @Override
    public void revoke(String token) {
        call(OP_REVOKE, null, null, () -> {
            // In the body, never the query: URLs end up in access logs.
            HttpRequest request = requestFactory.buildPostRequest(revokeUrl, new UrlEncodedContent(Map.of("token", token)));
            request.setThrowExceptionOnExecuteError(false);
            return request.execute();
        }, response -> {
            if (response.isSuccessStatusCode()) {
                response.ignore();
                return null;
            }
            String error = oauthError(response.parseAsString());
            if (response.getStatusCode() == 400 && "invalid_token".equals(error)) {
                // Already revoked, expired or unknown: what revoking wanted is true.
                LOG.log(Level.FINE, "Google {0}: token already invalid (HTTP 400 invalid_token)", OP_REVOKE);
                return null;
            }
            throw FailureMapping.oauth(OP_REVOKE, response.getStatusCode(), error,
                    response.getHeaders().getFirstHeaderStringValue("Retry-After"), Instant.now());
        });
    }

    private static String oauthError(String body) {
        try {
            return body == null || body.isBlank() ? null : JSON.fromString(body, TokenErrorResponse.class).getError();
        } catch (IOException | RuntimeException notOAuthJson) {
            return null;
        }
    }

    // ------------------------------------------------------------------ Calendar

    @Override
    public List<CalendarEntry> listCalendars(String accessToken) {
        List<CalendarEntry> out = new ArrayList<>();
        String pageToken = null;
        for (int page = 0; page < MAX_CALENDAR_LIST_PAGES; page++) {
            String currentPage = pageToken;
            CalendarList list = call(OP_CALENDAR_LIST, null, null, () -> {
                Calendar.CalendarList.List request = calendar.calendarList().list()
                        .setMaxResults(CALENDAR_LIST_PAGE_SIZE)
                        .setPageToken(currentPage);
                return send(request, accessToken);
            }, response -> response.parseAs(CalendarList.class));
            if (list.getItems() != null) {
                for (CalendarListEntry e : list.getItems()) {
                    out.add(new CalendarEntry(e.getId(),
                            e.getSummaryOverride() != null ? e.getSummaryOverride() : e.getSummary(),
                            Boolean.TRUE.equals(e.getPrimary()), e.getAccessRole()));
                }
            }
            pageToken = emptyToNull(list.getNextPageToken());
            if (pageToken == null) {
                return out;
            }
        }
        LOG.log(Level.WARNING, "Google {0}: more than {1} pages, giving up",
                new Object[] {OP_CALENDAR_LIST, MAX_CALENDAR_LIST_PAGES});
        throw FailureMapping.noAnswer(OP_CALENDAR_LIST, 200);
    }

    @Override
    public List<BusyInterval> freeBusy(String accessToken, String calendarId, Instant timeMin, Instant timeMax) {
        return call(OP_FREE_BUSY, calendarId, null, () -> send(calendar.freebusy().query(new FreeBusyRequest()
                .setTimeMin(new DateTime(timeMin.toEpochMilli()))
                .setTimeMax(new DateTime(timeMax.toEpochMilli()))
                .setItems(List.of(new FreeBusyRequestItem().setId(calendarId)))), accessToken), response -> {
            FreeBusyResponse answer = response.parseAs(FreeBusyResponse.class);
            FreeBusyCalendar entry = answer.getCalendars() == null ? null : answer.getCalendars().get(calendarId);
            if (entry == null) {
                throw FailureMapping.noAnswer(OP_FREE_BUSY, response.getStatusCode());
            }
            // Google answers 200 and puts a per-calendar error inside; an empty busy list
            // next to it means "unknown", never "free".
            if (entry.getErrors() != null && !entry.getErrors().isEmpty()) {
                boolean notFound = entry.getErrors().stream().anyMatch(e -> "notFound".equals(e.getReason()));
                throw new GoogleFailure(notFound ? GoogleFailure.Kind.NOT_FOUND : GoogleFailure.Kind.UNAVAILABLE,
                        OP_FREE_BUSY, response.getStatusCode(), null);
            }
            List<BusyInterval> busy = new ArrayList<>();
            if (entry.getBusy() != null) {
                for (TimePeriod p : entry.getBusy()) {
                    busy.add(new BusyInterval(Instant.ofEpochMilli(p.getStart().getValue()),
                            Instant.ofEpochMilli(p.getEnd().getValue())));
                }
            }
            return busy;
        });
    }

    @Override
    public void insertEvent(String accessToken, String calendarId, String eventId, EventData data) {
        call(OP_INSERT, calendarId, eventId, () -> send(calendar.events().insert(calendarId, event(data).setId(eventId))
                .setSendUpdates(SEND_UPDATES_NONE), accessToken), GoogleClientAdapter::discard);
    }

    @Override
    public void updateEvent(String accessToken, String calendarId, String eventId, EventData data) {
        // A full PUT; "confirmed" brings back an event that was deleted (Google keeps it as cancelled).
        call(OP_UPDATE, calendarId, eventId, () -> send(calendar.events()
                .update(calendarId, eventId, event(data).setStatus("confirmed"))
                .setSendUpdates(SEND_UPDATES_NONE), accessToken), GoogleClientAdapter::discard);
    }

    @Override
    public void deleteEvent(String accessToken, String calendarId, String eventId) {
        call(OP_DELETE, calendarId, eventId, () -> send(calendar.events().delete(calendarId, eventId)
                .setSendUpdates(SEND_UPDATES_NONE), accessToken), GoogleClientAdapter::discard);
    }

    /** Summary, start and end, nothing else: every other field could carry something about a patient. */
    private static Event event(EventData data) {
        return new Event()
                .setSummary(data.summary())
                .setStart(eventTime(data.start(), data.timeZone()))
                .setEnd(eventTime(data.end(), data.timeZone()));
    }

    /** The time with the appointment's own offset, so the event reads as the clinician booked it. */
    private static EventDateTime eventTime(OffsetDateTime time, String timeZone) {
        int offsetMinutes = time.getOffset().getTotalSeconds() / 60;
        EventDateTime out = new EventDateTime()
                .setDateTime(new DateTime(false, time.toInstant().toEpochMilli(), offsetMinutes));
        return timeZone == null ? out : out.setTimeZone(timeZone);
    }

    private static HttpResponse send(AbstractGoogleClientRequest<?> request, String accessToken) throws IOException {
        request.getRequestHeaders().setAuthorization("Bearer " + accessToken);
        // Tiny bodies: compressing them costs more than it saves.
        request.setDisableGZipContent(true);
        return request.executeUnparsed();
    }

    private static Void discard(HttpResponse response) throws IOException {
        // Reading the rest of the answer lets the connection be reused.
        response.ignore();
        return null;
    }

    // ------------------------------------------------------------------ one call

    @FunctionalInterface
    private interface Send {
        HttpResponse send() throws IOException;
    }

    @FunctionalInterface
    private interface Read<T> {
        T read(HttpResponse response) throws IOException;
    }

    /**
     * Makes one HTTP call and reads its answer, observing it and turning every way it can go
     * wrong into a {@link GoogleFailure}, logged once without anything secret.
     */
    private <T> T call(String operation, String calendarId, String eventId, Send send, Read<T> read) {
        long started = System.nanoTime();
        int status = 0;
        GoogleFailure failure;
        String cause = null;
        try {
            HttpResponse response = send.send();
            status = response.getStatusCode();
            T value = read.read(response);
            observe(operation, status, started);
            return value;
        } catch (GoogleFailure f) {
            failure = f;
        } catch (TokenResponseException e) {
            failure = FailureMapping.oauth(operation, e.getStatusCode(),
                    e.getDetails() == null ? null : e.getDetails().getError(), retryAfterHeader(e), Instant.now());
        } catch (GoogleJsonResponseException e) {
            failure = FailureMapping.api(operation, e.getStatusCode(), reasons(e.getDetails()), retryAfterHeader(e),
                    Instant.now());
        } catch (HttpResponseException e) {
            failure = operation.startsWith("token.")
                    ? FailureMapping.oauth(operation, e.getStatusCode(), null, retryAfterHeader(e), Instant.now())
                    : FailureMapping.api(operation, e.getStatusCode(), List.of(), retryAfterHeader(e), Instant.now());
        } catch (IOException e) {
            // Time-out, refused or dropped connection, or an answer that could not be read.
            failure = FailureMapping.noAnswer(operation, status);
            cause = e.getClass().getSimpleName();
        } catch (RuntimeException e) {
            // Whatever else Google's client throws stays in here, as "no usable answer".
            failure = FailureMapping.noAnswer(operation, status);
            cause = e.getClass().getSimpleName();
        }
        observe(operation, failure.httpStatus(), started);
        log(failure, calendarId, eventId, cause);
        throw failure;
    }

    private void observe(String operation, int status, long started) {
        try {
            observer.observed(operation, status, System.nanoTime() - started);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Google call observer failed: {0}", e.getClass().getName());
        }
    }

    /** Operation, outcome, status and ids only: exception messages may quote Google's answer. */
    private static void log(GoogleFailure failure, String calendarId, String eventId, String cause) {
        Level level = switch (failure.kind()) {
            case NOT_FOUND, GONE, DUPLICATE -> Level.FINE;
            default -> Level.WARNING;
        };
        if (LOG.isLoggable(level)) {
            LOG.log(level, "Google call {0} failed: {1}, HTTP status {2}, calendar {3}, event {4}{5}", new Object[] {
                failure.operation(), failure.kind(), Integer.toString(failure.httpStatus()),
                calendarId == null ? "-" : calendarId, eventId == null ? "-" : eventId,
                cause == null ? "" : " (" + cause + ")"});
        }
    }

    private static String retryAfterHeader(HttpResponseException e) {
        return e.getHeaders() == null ? null : e.getHeaders().getFirstHeaderStringValue("Retry-After");
    }

    private static List<String> reasons(GoogleJsonError details) {
        if (details == null || details.getErrors() == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (GoogleJsonError.ErrorInfo info : details.getErrors()) {
            if (info.getReason() != null) {
                out.add(info.getReason());
            }
        }
        return out;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
