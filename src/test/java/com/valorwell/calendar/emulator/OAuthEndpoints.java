package com.valorwell.calendar.emulator;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Google's OAuth 2.0 endpoints for a web-server app with PKCE: the authorization endpoint (auto-approve
 * or a consent page), the token endpoint (authorization_code and refresh_token grants, client
 * authentication in the body or by HTTP Basic) and the revocation endpoint. Error answers copy
 * Google's: an HTML page from the authorization endpoint, {@code {"error","error_description"}} JSON
 * from the others.
 */
final class OAuthEndpoints {

    /** RFC 7636: 43 to 128 characters of the unreserved set. */
    private static final Pattern PKCE_VALUE = Pattern.compile("[A-Za-z0-9._~-]{43,128}");
    private static final Pattern EMAIL = Pattern.compile("[^\\s@<>\"]+@[^\\s@<>\"]+");
    private static final List<String> PROMPTS = List.of("none", "consent", "select_account");

    /** A validated authorization request, from the query (GET auth) or the consent form (POST decide). */
    record AuthRequest(String clientId, String redirectUri, List<String> scopes, String state,
                       String codeChallenge, String accessType, String prompt, boolean includeGrantedScopes,
                       String loginHint, Map<String, String> parameters) {

        boolean promptConsent() {
            return prompt != null && List.of(prompt.split(" ")).contains("consent");
        }
    }

    private final OAuthState oauth;
    private final CalendarState calendars;

    OAuthEndpoints(OAuthState oauth, CalendarState calendars) {
        this.oauth = oauth;
        this.calendars = calendars;
    }

    // ----- GET /o/oauth2/v2/auth

    Response authorize(HttpCall call) {
        AuthRequest request = parseAuthRequest(call::param);
        OAuthState.Consent consent = oauth.consent();
        if (!consent.autoApprove()) {
            return Response.html(200, ConsentPage.render(request, defaultAccount(request, consent)));
        }
        if (consent.deny()) {
            return denied(request);
        }
        return approve(request, defaultAccount(request, consent), consent.grantScopes());
    }

    // ----- POST /o/oauth2/v2/auth/decide (the consent page's form)

    Response decide(HttpCall call) {
        AuthRequest request = parseAuthRequest(call::formField);
        if (!"allow".equals(call.formField(ConsentPage.DECISION))) {
            return denied(request);
        }
        String account = call.formField(ConsentPage.ACCOUNT);
        account = account == null ? "" : account.trim();
        if (!EMAIL.matcher(account).matches() || account.length() > 254) {
            throw GoogleErrors.authPageError("invalid_request", "The Google account must be an email address.");
        }
        List<String> ticked = call.form().getOrDefault(ConsentPage.GRANTED_SCOPE, List.of());
        return approve(request, account, ticked);
    }

    private static String defaultAccount(AuthRequest request, OAuthState.Consent consent) {
        if (consent.account() != null) {
            return consent.account();
        }
        if (request.loginHint() != null && EMAIL.matcher(request.loginHint()).matches()) {
            return request.loginHint();
        }
        return GoogleEmulator.DEFAULT_ACCOUNT;
    }

    private AuthRequest parseAuthRequest(Function<String, String> p) {
        String clientId = p.apply("client_id");
        if (clientId == null || clientId.isBlank()) {
            throw GoogleErrors.authPageError("invalid_request", "Missing required parameter: client_id");
        }
        OAuthState.Client client = oauth.client(clientId);
        if (client == null) {
            throw GoogleErrors.authPageError("invalid_client", "The OAuth client was not found.");
        }
        String redirectUri = p.apply("redirect_uri");
        if (redirectUri == null || redirectUri.isBlank()) {
            throw GoogleErrors.authPageError("invalid_request", "Missing required parameter: redirect_uri");
        }
        if (!isHttpUri(redirectUri)) {
            throw GoogleErrors.authPageError("invalid_request", "Invalid parameter value for redirect_uri: " + redirectUri);
        }
        if (!client.redirectUris().isEmpty() && !client.redirectUris().contains(redirectUri)) {
            throw GoogleErrors.authPageError("redirect_uri_mismatch",
                    "You can't sign in to this app because it doesn't comply with Google's OAuth 2.0 policy. redirect_uri="
                            + redirectUri);
        }
        String responseType = p.apply("response_type");
        if (responseType == null) {
            throw GoogleErrors.authPageError("invalid_request", "Required parameter is missing: response_type");
        }
        if (!responseType.equals("code")) {
            throw GoogleErrors.authPageError("unsupported_response_type", "Invalid response_type: " + responseType);
        }
        String scope = p.apply("scope");
        List<String> scopes = scope == null ? List.of() : OAuthState.ordered(
                List.of(scope.trim().split("\\s+")).stream().filter(s -> !s.isEmpty()).toList());
        if (scopes.isEmpty()) {
            throw GoogleErrors.authPageError("invalid_request", "Missing required parameter: scope");
        }
        String challenge = p.apply("code_challenge");
        if (challenge == null || challenge.isEmpty()) {
            throw GoogleErrors.authPageError("invalid_request",
                    "Missing required parameter: code_challenge (the emulator requires PKCE)");
        }
        if (!PKCE_VALUE.matcher(challenge).matches()) {
            throw GoogleErrors.authPageError("invalid_request", "Invalid code_challenge.");
        }
        String method = p.apply("code_challenge_method");
        if (!"S256".equals(method)) {
            throw GoogleErrors.authPageError("invalid_request",
                    "Invalid code_challenge_method: " + method + " (the emulator requires S256)");
        }
        String accessType = p.apply("access_type");
        if (accessType != null && !accessType.equals("online") && !accessType.equals("offline")) {
            throw GoogleErrors.authPageError("invalid_request", "Invalid access_type: " + accessType);
        }
        String prompt = p.apply("prompt");
        if (prompt != null && !prompt.isBlank()) {
            for (String value : prompt.trim().split("\\s+")) {
                if (!PROMPTS.contains(value)) {
                    throw GoogleErrors.authPageError("invalid_request", "Invalid prompt: " + prompt);
                }
            }
        }
        String include = p.apply("include_granted_scopes");
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String name : ConsentPage.CARRIED_PARAMETERS) {
            String value = p.apply(name);
            if (value != null) {
                parameters.put(name, value);
            }
        }
        return new AuthRequest(clientId, redirectUri, scopes, p.apply("state"), challenge, accessType, prompt,
                "true".equals(include), p.apply("login_hint"), parameters);
    }

    private static boolean isHttpUri(String uri) {
        try {
            URI u = new URI(uri);
            return u.isAbsolute() && u.getHost() != null && u.getFragment() == null
                    && ("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme()));
        } catch (Exception e) {
            return false;
        }
    }

    /** Issues a code for the account and the ticked scopes (null = all requested), and redirects. */
    private Response approve(AuthRequest request, String account, List<String> ticked) {
        Set<String> granted = new LinkedHashSet<>();
        for (String s : request.scopes()) {
            if (ticked == null || ticked.contains(s)) {
                granted.add(s);
            }
        }
        if (request.includeGrantedScopes()) {
            granted.addAll(oauth.previouslyGranted(account, request.clientId()));
        }
        calendars.ensureAccount(account);
        boolean refreshTokenEligible = "offline".equals(request.accessType())
                && (request.promptConsent() || !oauth.hasRefreshGrant(account, request.clientId()));
        OAuthState.AuthCode code = oauth.issueCode(request.clientId(), request.redirectUri(), request.codeChallenge(),
                new ArrayList<>(granted), account, refreshTokenEligible);
        return Response.redirect(withQuery(request.redirectUri(),
                "code", code.code, "state", request.state(), "scope", String.join(" ", granted)));
    }

    private static Response denied(AuthRequest request) {
        return Response.redirect(withQuery(request.redirectUri(), "error", "access_denied", "state", request.state()));
    }

    private static String withQuery(String uri, String... namesAndValues) {
        StringBuilder sb = new StringBuilder(uri);
        char separator = uri.contains("?") ? '&' : '?';
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] == null) {
                continue;
            }
            sb.append(separator).append(namesAndValues[i]).append('=')
                    .append(URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8));
            separator = '&';
        }
        return sb.toString();
    }

    // ----- POST /token

    /** The operation name for a token request, which depends on its grant type. */
    static String tokenOperation(HttpCall call) {
        String grantType = call.formField("grant_type");
        if ("authorization_code".equals(grantType)) {
            return "token.authorization_code";
        }
        if ("refresh_token".equals(grantType)) {
            return "token.refresh_token";
        }
        return "token.other";
    }

    Response token(HttpCall call) {
        OAuthState.Client client = authenticateClient(call);
        String grantType = call.formField("grant_type");
        if (grantType == null || grantType.isEmpty()) {
            throw GoogleErrors.oauthError(400, "unsupported_grant_type", "Invalid grant_type: ");
        }
        return switch (grantType) {
            case "authorization_code" -> exchangeCode(call, client);
            case "refresh_token" -> refresh(call, client);
            default -> throw GoogleErrors.oauthError(400, "unsupported_grant_type", "Invalid grant_type: " + grantType);
        };
    }

    /** Client credentials from HTTP Basic (preferred when present) or the form body. */
    private OAuthState.Client authenticateClient(HttpCall call) {
        String id = call.formField("client_id");
        String secret = call.formField("client_secret");
        String authorization = call.header("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw GoogleErrors.oauthError(401, "invalid_client", "Unauthorized");
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw GoogleErrors.oauthError(401, "invalid_client", "Unauthorized");
            }
            id = decoded.substring(0, colon);
            secret = decoded.substring(colon + 1);
        }
        if (id == null || id.isEmpty()) {
            throw GoogleErrors.oauthError(400, "invalid_request", "Could not determine client ID from request.");
        }
        OAuthState.Client client = oauth.client(id);
        if (client == null) {
            client = oauth.client(urlDecode(id));
        }
        if (client == null) {
            throw GoogleErrors.oauthError(401, "invalid_client", "The OAuth client was not found.");
        }
        // RFC 6749 says Basic credentials are form-encoded first; Google's Java client does not encode them.
        if (secret == null || !(client.secret().equals(secret) || client.secret().equals(urlDecode(secret)))) {
            throw GoogleErrors.oauthError(401, "invalid_client", "Unauthorized");
        }
        return client;
    }

    private static String urlDecode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    private Response exchangeCode(HttpCall call, OAuthState.Client client) {
        String codeValue = call.formField("code");
        if (codeValue == null || codeValue.isEmpty()) {
            throw GoogleErrors.oauthError(400, "invalid_request", "Missing required parameter: code");
        }
        OAuthState.AuthCode code = oauth.code(codeValue);
        if (code == null || code.used.get() || !Instant.now().isBefore(code.expiresAt)
                || !code.clientId.equals(client.id())) {
            throw GoogleErrors.oauthError(400, "invalid_grant", "Bad Request");
        }
        String redirectUri = call.formField("redirect_uri");
        if (redirectUri == null || !redirectUri.equals(code.redirectUri)) {
            throw GoogleErrors.oauthError(400, "redirect_uri_mismatch", "Bad Request");
        }
        String verifier = call.formField("code_verifier");
        if (verifier == null || verifier.isEmpty()) {
            throw GoogleErrors.oauthError(400, "invalid_grant", "Missing code verifier.");
        }
        // A failed PKCE check leaves the code usable: only a successful exchange consumes it.
        if (!PKCE_VALUE.matcher(verifier).matches() || !MessageDigest.isEqual(
                s256(verifier).getBytes(StandardCharsets.US_ASCII),
                code.codeChallenge.getBytes(StandardCharsets.US_ASCII))) {
            throw GoogleErrors.oauthError(400, "invalid_grant", "Bad Request");
        }
        OAuthState.Issued issued = oauth.exchange(code);
        if (issued == null) {
            throw GoogleErrors.oauthError(400, "invalid_grant", "Bad Request");
        }
        return tokenResponse(issued);
    }

    private Response refresh(HttpCall call, OAuthState.Client client) {
        String refreshToken = call.formField("refresh_token");
        if (refreshToken == null || refreshToken.isEmpty()) {
            throw GoogleErrors.oauthError(400, "invalid_request", "Missing required parameter: refresh_token");
        }
        OAuthState.Grant grant = oauth.refreshGrant(refreshToken);
        if (grant == null || !grant.refreshUsable()) {
            throw GoogleErrors.oauthError(400, "invalid_grant", "Token has been expired or revoked.");
        }
        if (!grant.clientId.equals(client.id())) {
            throw GoogleErrors.oauthError(401, "unauthorized_client", "Unauthorized");
        }
        return tokenResponse(oauth.refresh(grant));
    }

    private static Response tokenResponse(OAuthState.Issued issued) {
        return Response.oauthJson(200, Jsons.obj(
                "access_token", issued.accessToken(),
                "expires_in", issued.expiresIn(),
                "refresh_token", issued.refreshToken(),
                "scope", String.join(" ", issued.scopes()),
                "token_type", "Bearer"));
    }

    static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    // ----- POST /revoke

    Response revoke(HttpCall call) {
        String token = call.param("token");
        if (token == null && "POST".equals(call.method)) {
            token = call.formField("token");
        }
        if (token == null || token.isEmpty()) {
            throw GoogleErrors.oauthError(400, "invalid_request", "Missing required parameter: token");
        }
        if (!oauth.revokeToken(token)) {
            throw GoogleErrors.oauthError(400, "invalid_token", "Token expired or revoked");
        }
        return Response.oauthJson(200, Jsons.obj());
    }
}
