package com.valorwell.calendar.platform.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenCipherTest {

    static byte[] key(int fill) {
        byte[] k = new byte[32];
        java.util.Arrays.fill(k, (byte) fill);
        return k;
    }

    static final String ROW1_ACCESS = TokenCipher.boundTo("t", "row-1", "access_token_encrypted");
    static final String ROW1_REFRESH = TokenCipher.boundTo("t", "row-1", "refresh_token_encrypted");
    static final String ROW2_ACCESS = TokenCipher.boundTo("t", "row-2", "access_token_encrypted");

    @Test
    void roundTripsAndNeverShowsThePlaintext() {
        TokenCipher c = new TokenCipher(key(1), List.of());
        String stored = c.encrypt("secret-token", ROW1_ACCESS);
        assertFalse(stored.contains("secret-token"));
        assertTrue(stored.startsWith("v1."));
        assertEquals("secret-token", c.decrypt(stored, ROW1_ACCESS));
    }

    @Test
    void everyEncryptionUsesAFreshIv() {
        TokenCipher c = new TokenCipher(key(1), List.of());
        String a = c.encrypt("same", ROW1_ACCESS);
        String b = c.encrypt("same", ROW1_ACCESS);
        assertNotEquals(a.split("\\.")[2], b.split("\\.")[2]);
        assertEquals(12, Base64.getUrlDecoder().decode(a.split("\\.")[2]).length);
    }

    @Test
    void aCiphertextMovedToAnotherRowOrColumnDoesNotDecrypt() {
        TokenCipher c = new TokenCipher(key(1), List.of());
        String stored = c.encrypt("secret-token", ROW1_ACCESS);
        assertThrows(TokenCipher.TokenDecryptionException.class, () -> c.decrypt(stored, ROW2_ACCESS));
        assertThrows(TokenCipher.TokenDecryptionException.class, () -> c.decrypt(stored, ROW1_REFRESH));
    }

    @Test
    void tamperingIsDetected() {
        TokenCipher c = new TokenCipher(key(1), List.of());
        String stored = c.encrypt("secret-token", ROW1_ACCESS);
        String[] p = stored.split("\\.");
        char last = p[3].charAt(p[3].length() - 2);
        p[3] = p[3].substring(0, p[3].length() - 2) + (last == 'A' ? 'B' : 'A') + p[3].charAt(p[3].length() - 1);
        assertThrows(TokenCipher.TokenDecryptionException.class, () -> c.decrypt(String.join(".", p), ROW1_ACCESS));
        assertThrows(TokenCipher.TokenDecryptionException.class, () -> c.decrypt("garbage", ROW1_ACCESS));
        assertThrows(TokenCipher.TokenDecryptionException.class, () -> c.decrypt(null, ROW1_ACCESS));
    }

    @Test
    void retiredKeysStillDecryptAndTheCurrentKeyEncrypts() {
        TokenCipher before = new TokenCipher(key(1), List.of());
        String old = before.encrypt("secret-token", ROW1_ACCESS);
        TokenCipher after = new TokenCipher(key(2), List.of(key(1)));
        assertEquals("secret-token", after.decrypt(old, ROW1_ACCESS));
        assertFalse(after.isCurrent(old));
        assertTrue(after.isCurrent(after.encrypt("secret-token", ROW1_ACCESS)));
        TokenCipher forgotten = new TokenCipher(key(2), List.of());
        assertThrows(TokenCipher.TokenDecryptionException.class, () -> forgotten.decrypt(old, ROW1_ACCESS));
    }

    @Test
    void theKeyIdRevealsNothingOfTheKey() {
        String id = TokenCipher.keyId(key(1));
        assertEquals(12, id.length());
        assertFalse(java.util.HexFormat.of().formatHex(key(1)).contains(id));
    }
}
