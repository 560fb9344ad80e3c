package com.valorwell.calendar.connection.boundary;

import com.valorwell.calendar.connection.control.ConnectionStore;
import com.valorwell.calendar.connection.control.OAuthStates;
import com.valorwell.calendar.google.control.GooglePort;
import com.valorwell.calendar.google.entity.GoogleFailure;
import com.valorwell.calendar.google.entity.TokenGrant;
import com.valorwell.calendar.identity.control.Directory;
import com.valorwell.calendar.identity.entity.StaffMember;
import com.valorwell.calendar.platform.config.Setting;
import com.valorwell.calendar.platform.config.Settings;
import com.valorwell.calendar.platform.security.Caller;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import com.valorwell.calendar.sync.entity.CalendarChanged;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Connecting a clinician's Google Calendar (SPEC 5.1, 5.2): auth-start issues a signed,
 * single-use state and the Google URL with PKCE; the callback verifies the state,
 * consumes it, exchanges the code, checks the granted scopes and stores the encrypted
 * tokens. The callback always ends in a redirect to APP_REDIRECT_URL; it never holds a
 * transaction across a Google call.
 */
@Stateless
public class OAuthFlow {

    private static final Logger LOG = Logger.getLogger(OAuthFlow.class.getName());

    static final String SCOPE_EVENTS = "https://www.googleapis.com/auth/calendar.events";
    static final String SCOPE_FREEBUSY = "https://www.googleapis.com/auth/calendar.freebusy";
    static final String SCOPE_CALENDAR = "https://www.googleapis.com/auth/calendar";

    @Inject
    Settings settings;

    @Inject
    Directory directory;

    @Inject
    ConnectionStore store;

    @Inject
    GooglePort google;

    @Inject
    Clock clock;

    @Inject
    Event<CalendarChanged> changed;

    private OAuthStates states;

    @PostConstruct
    void init() {
        states = new OAuthStates(settings.text(Setting.OAUTH_STATE_SIGNING_SECRET).getBytes(StandardCharsets.UTF_8),
                clock);
    }

    /** The answer of auth-start. */
    public record AuthStart(String url, String expiresAt) {
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public AuthStart start(Caller caller) {
        StaffMember staff = directory.staffOf(caller);
        OAuthStates.Issued issued = states.issue(staff.id(), staff.tenantId());
        store.recordStart(staff.tenantId(), staff.id(), issued.nonceHash());
        Map<String, String> query = new LinkedHashMap<>();
        query.put("client_id", settings.text(Setting.GOOGLE_CLIENT_ID));
        query.put("redirect_uri", settings.text(Setting.GOOGLE_REDIRECT_URI));
        query.put("response_type", "code");
        query.put("scope", settings.text(Setting.GOOGLE_SCOPES));
        query.put("access_type", settings.text(Setting.GOOGLE_OAUTH_ACCESS_TYPE));
        query.put("prompt", settings.text(Setting.GOOGLE_OAUTH_PROMPT));
        query.put("include_granted_scopes", "true");
        query.put("state", issued.state());
        query.put("code_challenge", issued.codeChallenge());
        query.put("code_challenge_method", "S256");
        String base = settings.text(Setting.GOOGLE_AUTH_URI);
        return new AuthStart(base + (base.contains("?") ? "&" : "?") + encode(query), issued.expiresAt().toString());
    }

    /** Where the callback sends the browser: always APP_REDIRECT_URL, with the outcome. */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public URI callback(String code, String state, String error) {
        String outcome = outcome(code, state, error);
        Map<String, String> query = new LinkedHashMap<>();
        if ("connected".equals(outcome)) {
            query.put("google_calendar", "connected");
        } else {
            query.put("google_calendar", "error");
            query.put("reason", outcome);
        }
        String app = settings.text(Setting.APP_REDIRECT_URL);
        return URI.create(app + (app.contains("?") ? "&" : "?") + encode(query));
    }

    private String outcome(String code, String state, String error) {
        OAuthStates.Verified verified;
        try {
            verified = states.verify(state);
        } catch (OAuthStates.RefusedState e) {
            return e.refusal() == OAuthStates.Refusal.EXPIRED ? "expired_state" : "invalid_state";
        }
        if (directory.staffInTenantNow(verified.staffId(), verified.tenantId()).isEmpty()) {
            return "staff_not_found";
        }
        // The state is spent from here on, whatever Google answered: single use.
        if (!store.consumeNonce(verified.staffId(), verified.nonceHash())) {
            return "invalid_state";
        }
        if (error != null) {
            return "access_denied";
        }
        if (code == null || code.isBlank()) {
            return "token_exchange_failed";
        }
        TokenGrant grant;
        try {
            grant = google.exchangeCode(code, verified.codeVerifier());
        } catch (GoogleFailure e) {
            LOG.log(Level.WARNING, "Code exchange failed for staff {0}: {1}", new Object[] {verified.staffId(), e.kind()});
            return "token_exchange_failed";
        }
        if (!grantsWhatSyncNeeds(grant.scopes())) {
            revokeQuietly(grant.accessToken());
            return "insufficient_scope";
        }
        return switch (store.saveGrant(verified.staffId(), grant)) {
            case CONNECTED -> {
                changed.fire(new CalendarChanged(verified.staffId()));
                yield "connected";
            }
            case NO_REFRESH_TOKEN -> {
                revokeQuietly(grant.accessToken());
                yield "no_refresh_token";
            }
            case NO_ROW -> "invalid_state";
        };
    }

    static boolean grantsWhatSyncNeeds(Set<String> scopes) {
        return scopes.contains(SCOPE_CALENDAR) || (scopes.contains(SCOPE_EVENTS) && scopes.contains(SCOPE_FREEBUSY));
    }

    private void revokeQuietly(String token) {
        try {
            google.revoke(token);
        } catch (GoogleFailure e) {
            LOG.log(Level.WARNING, "Revoking an unused grant failed: {0}", e.kind());
        }
    }

    static String encode(Map<String, String> query) {
        return query.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
