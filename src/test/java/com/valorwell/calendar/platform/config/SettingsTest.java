package com.valorwell.calendar.platform.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SettingsTest {

    static Map<String, String> complete() {
        Map<String, String> m = new HashMap<>();
        m.put("GOOGLE_CLIENT_ID", "client");
        m.put("GOOGLE_CLIENT_SECRET", "client-secret-value");
        m.put("GOOGLE_REDIRECT_URI", "https://api.example.test/functions/v1/google-calendar-auth-callback");
        m.put("OAUTH_STATE_SIGNING_SECRET", "s".repeat(32));
        m.put("TOKEN_ENCRYPTION_KEY", "ab".repeat(32));
        m.put("APP_REDIRECT_URL", "https://app.example.test/settings");
        m.put("mp.jwt.verify.publickey.location", "file:///keys/jwks.json");
        m.put("mp.jwt.verify.issuer", "https://auth.example.test/auth/v1");
        return m;
    }

    static Settings load(Map<String, String> m) {
        return Settings.load(k -> Optional.ofNullable(m.get(k)));
    }

    @Test
    void defaultsFillEveryOptionalSetting() {
        Settings s = load(complete());
        assertEquals(Duration.ofSeconds(10), s.duration(Setting.GOOGLE_HTTP_TIMEOUT));
        assertEquals("ValorWell", s.text(Setting.SYNC_EVENT_SUMMARY));
        assertEquals(8, s.integer(Setting.SYNC_RETRY_MAX_ATTEMPTS));
        assertEquals(Duration.ofDays(62), s.duration(Setting.AVAILABILITY_MAX_RANGE));
        assertEquals("migration", s.text(Setting.DB_MIGRATE));
        assertTrue(s.list(Setting.CORS_ALLOWED_ORIGINS).isEmpty());
    }

    @Test
    void everyMissingAndMalformedSettingIsNamedAndNoValueShown() {
        Map<String, String> m = complete();
        m.remove("TOKEN_ENCRYPTION_KEY");
        m.remove("GOOGLE_CLIENT_SECRET");
        m.put("OAUTH_STATE_SIGNING_SECRET", "too-short-secret");
        m.put("AVAILABILITY_MAX_RANGE", "P91D");
        m.put("SYNC_SWEEP_BATCH", "-1");
        m.put("DB_MIGRATE", "everything");
        m.put("APP_REDIRECT_URL", "javascript:alert(1)");
        Settings.InvalidConfigurationException e = assertThrows(Settings.InvalidConfigurationException.class,
                () -> load(m));
        assertEquals(java.util.List.of("GOOGLE_CLIENT_SECRET", "TOKEN_ENCRYPTION_KEY"), e.missing());
        assertEquals(java.util.Set.of("OAUTH_STATE_SIGNING_SECRET", "APP_REDIRECT_URL", "DB_MIGRATE",
                "SYNC_SWEEP_BATCH", "AVAILABILITY_MAX_RANGE"), java.util.Set.copyOf(e.malformed()));
        assertFalse(e.getMessage().contains("too-short-secret"));
        assertFalse(e.getMessage().contains("P91D"));
        assertFalse(e.getMessage().contains("\n"), "one line");
    }

    @Test
    void aesKeysAreHexOrBase64OfExactly32Bytes() {
        assertTrue(Setting.decodeAesKey("00".repeat(32)).isPresent());
        assertTrue(Setting.decodeAesKey(java.util.Base64.getEncoder().encodeToString(new byte[32])).isPresent());
        assertFalse(Setting.decodeAesKey("00".repeat(31)).isPresent());
        assertFalse(Setting.decodeAesKey(java.util.Base64.getEncoder().encodeToString(new byte[16])).isPresent());
        Map<String, String> m = complete();
        m.put("TOKEN_ENCRYPTION_OLD_KEYS", "00".repeat(32) + ", " + "11".repeat(32));
        assertEquals(2, load(m).list(Setting.TOKEN_ENCRYPTION_OLD_KEYS).size());
    }

    @Test
    void theReadmeConfigurationTableListsEverySetting() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        for (Setting s : Setting.values()) {
            assertTrue(readme.contains("`" + s.key() + "`"), () -> "README lacks " + s.key());
            s.defaultValue().filter(d -> !d.isEmpty() && d.length() < 40)
                    .ifPresent(d -> assertTrue(readme.contains(d), () -> "README lacks the default of " + s.key()));
        }
    }
}
