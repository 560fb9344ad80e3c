package com.valorwell.calendar.emulator;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * Everything the emulated Google OAuth server remembers: registered clients, the consent behaviour
 * set by tests, authorization codes, grants (one per successful code exchange, holding the refresh
 * token if one was issued) and access tokens. Tokens are random opaque strings prefixed
 * {@code emu-at-}/{@code emu-rt-}, deliberately unlike real Google credentials.
 */
final class OAuthState {

    static final long DEFAULT_ACCESS_TOKEN_SECONDS = 3599;
    static final Duration CODE_LIFETIME = Duration.ofMinutes(10);

    record Client(String id, String secret, Set<String> redirectUris) {
    }

    /**
     * How the next authorizations are answered.
     *
     * @param account     the Google account that "signs in"; null means the request's {@code login_hint},
     *                    else {@link GoogleEmulator#DEFAULT_ACCOUNT}
     * @param grantScopes the scopes the user leaves ticked (intersected with the requested ones); null = all
     */
    record Consent(boolean autoApprove, String account, List<String> grantScopes, boolean deny,
                   boolean omitRefreshToken) {
    }

    /** A single-use authorization code and everything the token exchange must check against. */
    static final class AuthCode {
        final String code;
        final String clientId;
        final String redirectUri;
        final String codeChallenge;
        final List<String> scopes;
        final String account;
        final Instant expiresAt;
        /** access_type=offline and (first consent for this account+client or prompt=consent). */
        final boolean refreshTokenEligible;
        final AtomicBoolean used = new AtomicBoolean();

        AuthCode(String code, String clientId, String redirectUri, String codeChallenge, List<String> scopes,
                 String account, Instant expiresAt, boolean refreshTokenEligible) {
            this.code = code;
            this.clientId = clientId;
            this.redirectUri = redirectUri;
            this.codeChallenge = codeChallenge;
            this.scopes = List.copyOf(scopes);
            this.account = account;
            this.expiresAt = expiresAt;
            this.refreshTokenEligible = refreshTokenEligible;
        }
    }

    /** One authorization of a client by an account: revoking it kills its refresh token and access tokens. */
    static final class Grant {
        final String clientId;
        final String account;
        final List<String> scopes;
        final String refreshToken;
        volatile boolean revoked;
        /** An expired refresh token can't be used, but access tokens already issued live on until their expiry. */
        volatile boolean refreshExpired;

        Grant(String clientId, String account, List<String> scopes, String refreshToken) {
            this.clientId = clientId;
            this.account = account;
            this.scopes = List.copyOf(scopes);
            this.refreshToken = refreshToken;
        }

        boolean refreshUsable() {
            return refreshToken != null && !revoked && !refreshExpired;
        }
    }

    static final class AccessToken {
        final String token;
        final Grant grant;
        volatile Instant expiresAt;

        AccessToken(String token, Grant grant, Instant expiresAt) {
            this.token = token;
            this.grant = grant;
            this.expiresAt = expiresAt;
        }

        boolean valid(Instant now) {
            return !grant.revoked && now.isBefore(expiresAt);
        }
    }

    /** A successful token endpoint answer before it is written as JSON. */
    record Issued(String accessToken, long expiresIn, String refreshToken, List<String> scopes) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final boolean initialAutoApprove;
    private final Map<String, Client> clients = new ConcurrentHashMap<>();
    private final Map<String, AuthCode> codes = new ConcurrentHashMap<>();
    private final Map<String, Grant> grantsByRefreshToken = new ConcurrentHashMap<>();
    private final List<Grant> grants = new ArrayList<>();
    private final Map<String, AccessToken> accessTokens = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> previouslyGranted = new ConcurrentHashMap<>();
    private volatile Consent consent;
    private volatile long accessTokenSeconds;

    private final AtomicLong codesIssued = new AtomicLong();
    private final AtomicLong codeExchanges = new AtomicLong();
    private final AtomicLong accessTokensIssued = new AtomicLong();
    private final AtomicLong refreshTokensIssued = new AtomicLong();
    private final AtomicLong refreshGrants = new AtomicLong();
    private final AtomicLong revocations = new AtomicLong();

    OAuthState(boolean initialAutoApprove) {
        this.initialAutoApprove = initialAutoApprove;
        reset();
    }

    synchronized void reset() {
        clients.clear();
        clients.put(GoogleEmulator.DEFAULT_CLIENT_ID,
                new Client(GoogleEmulator.DEFAULT_CLIENT_ID, GoogleEmulator.DEFAULT_CLIENT_SECRET, Set.of()));
        codes.clear();
        grantsByRefreshToken.clear();
        grants.clear();
        accessTokens.clear();
        previouslyGranted.clear();
        consent = new Consent(initialAutoApprove, null, null, false, false);
        accessTokenSeconds = DEFAULT_ACCESS_TOKEN_SECONDS;
        codesIssued.set(0);
        codeExchanges.set(0);
        accessTokensIssued.set(0);
        refreshTokensIssued.set(0);
        refreshGrants.set(0);
        revocations.set(0);
    }

    // ----- clients and consent settings

    void putClient(String id, String secret, Collection<String> redirectUris) {
        if (id == null || id.isBlank() || secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("clientId and clientSecret are required");
        }
        clients.put(id, new Client(id, secret, redirectUris == null ? Set.of() : Set.copyOf(redirectUris)));
    }

    Client client(String id) {
        return id == null ? null : clients.get(id);
    }

    List<String> clientIds() {
        return new ArrayList<>(clients.keySet());
    }

    Consent consent() {
        return consent;
    }

    synchronized void updateConsent(UnaryOperator<Consent> change) {
        consent = change.apply(consent);
    }

    void setAccessTokenSeconds(long seconds) {
        if (seconds < 1) {
            throw new IllegalArgumentException("seconds must be at least 1");
        }
        accessTokenSeconds = seconds;
    }

    // ----- authorization codes

    /** True when the account already has an unrevoked grant with a refresh token for the client. */
    synchronized boolean hasRefreshGrant(String account, String clientId) {
        for (Grant g : grants) {
            if (g.account.equals(account) && g.clientId.equals(clientId) && g.refreshUsable()) {
                return true;
            }
        }
        return false;
    }

    /** Scopes the account granted the client before (for {@code include_granted_scopes=true}). */
    Set<String> previouslyGranted(String account, String clientId) {
        return previouslyGranted.getOrDefault(account + "\n" + clientId, Set.of());
    }

    AuthCode issueCode(String clientId, String redirectUri, String codeChallenge, List<String> scopes,
                       String account, boolean refreshTokenEligible) {
        String code = "emu-code-" + random();
        AuthCode c = new AuthCode(code, clientId, redirectUri, codeChallenge, scopes, account,
                Instant.now().plus(CODE_LIFETIME), refreshTokenEligible);
        codes.put(code, c);
        codesIssued.incrementAndGet();
        return c;
    }

    AuthCode code(String code) {
        return code == null ? null : codes.get(code);
    }

    /** Marks the code used and issues tokens; returns null if another exchange used it first. */
    Issued exchange(AuthCode code) {
        if (!code.used.compareAndSet(false, true)) {
            return null;
        }
        codeExchanges.incrementAndGet();
        boolean withRefresh = code.refreshTokenEligible && !consent.omitRefreshToken();
        Issued issued = issueGrant(code.clientId, code.account, code.scopes, withRefresh);
        codes.remove(code.code);
        return issued;
    }

    /** Creates a grant (with or without refresh token) and its first access token. */
    Issued issueGrant(String clientId, String account, List<String> scopes, boolean withRefreshToken) {
        String refreshToken = withRefreshToken ? "emu-rt-" + random() : null;
        Grant grant = new Grant(clientId, account, scopes, refreshToken);
        synchronized (this) {
            grants.add(grant);
            if (refreshToken != null) {
                grantsByRefreshToken.put(refreshToken, grant);
                refreshTokensIssued.incrementAndGet();
            }
            previouslyGranted.computeIfAbsent(account + "\n" + clientId, k -> ConcurrentHashMap.newKeySet())
                    .addAll(scopes);
        }
        AccessToken at = newAccessToken(grant);
        return new Issued(at.token, accessTokenSeconds, refreshToken, grant.scopes);
    }

    // ----- refresh, authentication, revocation

    Grant refreshGrant(String refreshToken) {
        return refreshToken == null ? null : grantsByRefreshToken.get(refreshToken);
    }

    Issued refresh(Grant grant) {
        refreshGrants.incrementAndGet();
        AccessToken at = newAccessToken(grant);
        return new Issued(at.token, accessTokenSeconds, null, grant.scopes);
    }

    /** The live access token, or null when unknown, expired or revoked. */
    AccessToken validAccessToken(String token) {
        AccessToken at = token == null ? null : accessTokens.get(token);
        return at != null && at.valid(Instant.now()) ? at : null;
    }

    /**
     * Revokes the grant behind an access or refresh token, as Google's revoke endpoint does.
     *
     * @return false when the token is unknown or its grant is already revoked
     */
    boolean revokeToken(String token) {
        Grant grant = grantsByRefreshToken.get(token);
        if (grant == null) {
            AccessToken at = accessTokens.get(token);
            grant = at == null ? null : at.grant;
        }
        if (grant == null || grant.revoked) {
            return false;
        }
        grant.revoked = true;
        revocations.incrementAndGet();
        return true;
    }

    /** Revokes every grant of the account (all accounts when null); returns how many. */
    synchronized int revokeAccount(String account) {
        int n = 0;
        for (Grant g : grants) {
            if (!g.revoked && (account == null || g.account.equals(account))) {
                g.revoked = true;
                revocations.incrementAndGet();
                n++;
            }
        }
        return n;
    }

    /** Expires refresh tokens of the account (all when null), leaving issued access tokens alive. */
    synchronized int expireRefreshTokens(String account) {
        int n = 0;
        for (Grant g : grants) {
            if (g.refreshUsable() && (account == null || g.account.equals(account))) {
                g.refreshExpired = true;
                n++;
            }
        }
        return n;
    }

    boolean expireRefreshToken(String refreshToken) {
        Grant g = grantsByRefreshToken.get(refreshToken);
        if (g == null || !g.refreshUsable()) {
            return false;
        }
        g.refreshExpired = true;
        return true;
    }

    /** Makes current access tokens of the account (all when null) expired now. */
    int expireAccessTokens(String account) {
        Instant now = Instant.now();
        int n = 0;
        for (AccessToken at : accessTokens.values()) {
            if ((account == null || at.grant.account.equals(account)) && at.valid(now)) {
                at.expiresAt = now.minusSeconds(1);
                n++;
            }
        }
        return n;
    }

    Map<String, Long> stats() {
        Instant now = Instant.now();
        long live = accessTokens.values().stream().filter(t -> t.valid(now)).count();
        Map<String, Long> out = new LinkedHashMap<>();
        out.put("authorizationCodesIssued", codesIssued.get());
        out.put("authorizationCodeExchanges", codeExchanges.get());
        out.put("accessTokensIssued", accessTokensIssued.get());
        out.put("accessTokensValid", live);
        out.put("refreshTokensIssued", refreshTokensIssued.get());
        out.put("refreshGrants", refreshGrants.get());
        out.put("revocations", revocations.get());
        return out;
    }

    private AccessToken newAccessToken(Grant grant) {
        AccessToken at = new AccessToken("emu-at-" + random(), grant, Instant.now().plusSeconds(accessTokenSeconds));
        accessTokens.put(at.token, at);
        accessTokensIssued.incrementAndGet();
        return at;
    }

    static String random() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static List<String> ordered(Collection<String> scopes) {
        return new ArrayList<>(new LinkedHashSet<>(scopes));
    }
}
