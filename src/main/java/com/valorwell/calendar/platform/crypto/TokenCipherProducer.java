package com.valorwell.calendar.platform.crypto;

import com.valorwell.calendar.platform.config.Setting;
import com.valorwell.calendar.platform.config.Settings;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.List;

/** Makes the token cipher from TOKEN_ENCRYPTION_KEY and TOKEN_ENCRYPTION_OLD_KEYS. */
@ApplicationScoped
public class TokenCipherProducer {

    @Inject
    Settings settings;

    private TokenCipher cipher;

    @PostConstruct
    void init() {
        List<byte[]> retired = settings.list(Setting.TOKEN_ENCRYPTION_OLD_KEYS).stream()
                .map(k -> Setting.decodeAesKey(k).orElseThrow()).toList();
        cipher = new TokenCipher(settings.aesKey(Setting.TOKEN_ENCRYPTION_KEY), retired);
    }

    /** One cipher for the application; dependent-scoped so the final class needs no proxy. */
    @Produces
    TokenCipher cipher() {
        return cipher;
    }
}
