package com.valorwell.calendar.testsupport;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings a test, sandbox or benchmark service runs with. Secrets are generated
 * afresh for every run and exist only in memory and in the run's private files; they
 * are never committed.
 */
public final class ServiceSettings {

    private static final SecureRandom RANDOM = new SecureRandom();

    private ServiceSettings() {
    }

    public static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    public static String randomBase64(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    /**
     * Every required setting, with fresh secrets. {@code googleBase} is the Google emulator's
     * base URL ({@code http://127.0.0.1:PORT/}) or any placeholder when none runs.
     */
    public static Map<String, String> forRun(String dbUrl, String dbUser, String dbPassword, String jwksLocation,
            String googleBase, String serviceBase) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DB_URL", dbUrl);
        env.put("DB_USER", dbUser);
        env.put("DB_PASSWORD", dbPassword);
        env.put("DB_MIGRATE", "all");
        env.put("GOOGLE_CLIENT_ID", "emulator-client-id");
        env.put("GOOGLE_CLIENT_SECRET", "emulator-client-secret");
        env.put("GOOGLE_REDIRECT_URI", serviceBase + "functions/v1/google-calendar-auth-callback");
        env.put("GOOGLE_AUTH_URI", googleBase + "o/oauth2/v2/auth");
        env.put("GOOGLE_TOKEN_URI", googleBase + "token");
        env.put("GOOGLE_REVOKE_URI", googleBase + "revoke");
        env.put("GOOGLE_API_ROOT_URL", googleBase);
        env.put("OAUTH_STATE_SIGNING_SECRET", randomBase64(48));
        env.put("TOKEN_ENCRYPTION_KEY", randomHex(32));
        // A retired key: tokens written under it must still decrypt (rotation).
        env.put("TOKEN_ENCRYPTION_OLD_KEYS", randomBase64(32));
        env.put("APP_REDIRECT_URL", serviceBase + "app/settings/calendar");
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", jwksLocation);
        env.put("MP_JWT_VERIFY_ISSUER", SigningKeys.ISSUER);
        env.put("MP_JWT_VERIFY_AUDIENCES", SigningKeys.AUDIENCE);
        env.put("CORS_ALLOWED_ORIGINS", "https://app.valorwell.test");
        return env;
    }
}
