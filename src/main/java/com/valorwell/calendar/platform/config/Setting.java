package com.valorwell.calendar.platform.config;

import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The one catalog of every setting the service reads (SPEC section 2). The README's
 * configuration table is kept in step with this list; nothing else names a key.
 */
public enum Setting {
    GOOGLE_CLIENT_ID(Kind.TEXT, true, false, null, "OAuth client id"),
    GOOGLE_CLIENT_SECRET(Kind.TEXT, true, true, null, "OAuth client secret"),
    GOOGLE_REDIRECT_URI(Kind.URL, true, false, null,
            "public URL of google-calendar-auth-callback; sent verbatim to Google"),
    GOOGLE_SCOPES(Kind.TEXT, false, false,
            "https://www.googleapis.com/auth/calendar.freebusy https://www.googleapis.com/auth/calendar.events https://www.googleapis.com/auth/calendar.calendarlist.readonly",
            "space-separated scopes"),
    GOOGLE_OAUTH_PROMPT(Kind.TEXT, false, false, "consent", "prompt parameter"),
    GOOGLE_OAUTH_ACCESS_TYPE(Kind.TEXT, false, false, "offline", "access_type parameter"),
    OAUTH_STATE_SIGNING_SECRET(Kind.SECRET_32_BYTES, true, true, null,
            "HMAC-SHA256 key for state; at least 32 bytes"),
    TOKEN_ENCRYPTION_KEY(Kind.AES_KEY, true, true, null,
            "AES-256 key: 64 hex characters or base64 of 32 bytes"),
    TOKEN_ENCRYPTION_OLD_KEYS(Kind.AES_KEY_LIST, false, true, "",
            "comma-separated retired keys, still accepted for decryption"),
    APP_REDIRECT_URL(Kind.URL, true, false, null, "where the callback sends the browser back to the app"),
    GOOGLE_AUTH_URI(Kind.URL, false, false, "https://accounts.google.com/o/oauth2/v2/auth", "authorization endpoint"),
    GOOGLE_TOKEN_URI(Kind.URL, false, false, "https://oauth2.googleapis.com/token", "token endpoint"),
    GOOGLE_REVOKE_URI(Kind.URL, false, false, "https://oauth2.googleapis.com/revoke", "revocation endpoint"),
    GOOGLE_API_ROOT_URL(Kind.URL, false, false, "https://www.googleapis.com/", "root URL handed to the Calendar client"),
    GOOGLE_HTTP_TIMEOUT(Kind.DURATION, false, false, "PT10S", "connect + read timeout of every Google call"),
    DB_URL(Kind.TEXT, false, false, "jdbc:postgresql://127.0.0.1:5432/valorwell_calendar", "JDBC URL"),
    DB_USER(Kind.TEXT, false, false, "postgres", "database login role"),
    DB_PASSWORD(Kind.TEXT, false, true, "", "database password"),
    DB_MIGRATE(Kind.MIGRATE_MODE, false, false, "migration", "none, migration or all"),
    MP_JWT_VERIFY_PUBLICKEY_LOCATION("mp.jwt.verify.publickey.location", Kind.TEXT, true, false, null,
            "JWKS or PEM (file path or URL) of the EHR's auth server"),
    MP_JWT_VERIFY_ISSUER("mp.jwt.verify.issuer", Kind.TEXT, true, false, null, "expected iss"),
    MP_JWT_VERIFY_AUDIENCES("mp.jwt.verify.audiences", Kind.TEXT, false, false, "authenticated", "expected aud"),
    CORS_ALLOWED_ORIGINS(Kind.TEXT, false, false, "", "comma-separated exact origins"),
    SYNC_EVENT_SUMMARY(Kind.TEXT, false, false, "ValorWell", "the only text put on a Google event"),
    SYNC_RETRY_MAX_ATTEMPTS(Kind.POSITIVE_INT, false, false, "8", "attempts before a row is left for a person"),
    SYNC_RETRY_BASE_DELAY(Kind.DURATION, false, false, "PT30S", "exponential backoff: first delay"),
    SYNC_RETRY_MAX_DELAY(Kind.DURATION, false, false, "PT1H", "exponential backoff: longest delay"),
    SYNC_SWEEP_INTERVAL(Kind.DURATION, false, false, "PT30S", "how often the sweeper runs"),
    SYNC_SWEEP_BATCH(Kind.POSITIVE_INT, false, false, "100", "rows claimed per sweep"),
    SYNC_SWEEP_CONCURRENCY(Kind.POSITIVE_INT, false, false, "8", "Google calls in flight per instance"),
    AVAILABILITY_MAX_RANGE(Kind.AVAILABILITY_RANGE, false, false, "P62D", "longest time_max - time_min; at most P90D"),
    AVAILABILITY_CACHE_TTL(Kind.DURATION, false, false, "PT60S", "how long a free/busy answer is reused"),
    AVAILABILITY_RATE_LIMIT(Kind.POSITIVE_INT, false, false, "120", "requests per minute per caller");

    /** How a value is checked; a check never echoes the value it rejects. */
    enum Kind {
        TEXT(v -> true),
        URL(Setting::isAbsoluteHttpUrl),
        DURATION(v -> parseDuration(v).filter(d -> !d.isNegative() && !d.isZero()).isPresent()),
        AVAILABILITY_RANGE(v -> parseDuration(v)
                .filter(d -> !d.isNegative() && !d.isZero() && d.compareTo(Duration.ofDays(90)) <= 0).isPresent()),
        POSITIVE_INT(v -> {
            try {
                return Integer.parseInt(v.trim()) > 0;
            } catch (NumberFormatException e) {
                return false;
            }
        }),
        SECRET_32_BYTES(v -> v.getBytes(java.nio.charset.StandardCharsets.UTF_8).length >= 32),
        AES_KEY(v -> decodeAesKey(v).isPresent()),
        AES_KEY_LIST(v -> v.isBlank() || java.util.Arrays.stream(v.split(","))
                .map(String::trim).allMatch(k -> decodeAesKey(k).isPresent())),
        MIGRATE_MODE(v -> v.equals("none") || v.equals("migration") || v.equals("all"));

        private final Predicate<String> valid;

        Kind(Predicate<String> valid) {
            this.valid = valid;
        }

        boolean accepts(String value) {
            return valid.test(value);
        }
    }

    private final String key;
    private final Kind kind;
    private final boolean required;
    private final boolean secret;
    private final String defaultValue;
    private final String meaning;

    Setting(Kind kind, boolean required, boolean secret, String defaultValue, String meaning) {
        this(null, kind, required, secret, defaultValue, meaning);
    }

    Setting(String key, Kind kind, boolean required, boolean secret, String defaultValue, String meaning) {
        this.key = key == null ? name() : key;
        this.kind = kind;
        this.required = required;
        this.secret = secret;
        this.defaultValue = defaultValue;
        this.meaning = meaning;
    }

    /** The MicroProfile Config property name (also the environment variable's, after MP's mapping). */
    public String key() {
        return key;
    }

    public boolean required() {
        return required;
    }

    public boolean secret() {
        return secret;
    }

    public Optional<String> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    public String meaning() {
        return meaning;
    }

    boolean accepts(String value) {
        return kind.accepts(value);
    }

    static Optional<Duration> parseDuration(String value) {
        try {
            return Optional.of(Duration.parse(value.trim()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** 64 hex characters, or base64 (standard or URL-safe) of exactly 32 bytes. */
    public static Optional<byte[]> decodeAesKey(String value) {
        String v = value.trim();
        if (v.matches("[0-9a-fA-F]{64}")) {
            return Optional.of(HexFormat.of().parseHex(v));
        }
        for (Base64.Decoder decoder : new Base64.Decoder[] {Base64.getDecoder(), Base64.getUrlDecoder()}) {
            try {
                byte[] bytes = decoder.decode(v);
                if (bytes.length == 32) {
                    return Optional.of(bytes);
                }
            } catch (IllegalArgumentException ignored) {
                // not this alphabet; try the next
            }
        }
        return Optional.empty();
    }

    private static boolean isAbsoluteHttpUrl(String value) {
        try {
            URI uri = URI.create(value.trim());
            return uri.isAbsolute() && uri.getHost() != null
                    && ("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
