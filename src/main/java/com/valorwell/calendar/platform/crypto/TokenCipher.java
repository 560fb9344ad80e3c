package com.valorwell.calendar.platform.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts OAuth tokens for storage: AES-256-GCM with a fresh random 96-bit IV per
 * encryption, the key's id in the stored value so that retired keys still decrypt
 * (rotation), and associated data that binds a ciphertext to its row and column, so a
 * value copied elsewhere fails to decrypt. Stored form: {@code v1.<key id>.<iv>.<ciphertext+tag>}.
 */
public final class TokenCipher {

    private static final String VERSION = "v1";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final String currentId;
    private final Map<String, SecretKeySpec> keys = new LinkedHashMap<>();

    /** {@code current} encrypts; it and every {@code retired} key decrypt. Keys are 32 bytes. */
    public TokenCipher(byte[] current, List<byte[]> retired) {
        currentId = keyId(current);
        keys.put(currentId, aesKey(current));
        for (byte[] key : retired) {
            keys.putIfAbsent(keyId(key), aesKey(key));
        }
    }

    private static SecretKeySpec aesKey(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("AES-256 keys are 32 bytes");
        }
        return new SecretKeySpec(key.clone(), "AES");
    }

    /** A short public id of a key: the start of a hash of it, so a stored value names its key without revealing it. */
    static String keyId(byte[] key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("valorwell-token-key-id:".getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(sha.digest(key)).substring(0, 12);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The associated data of a token column of a row. */
    public static String boundTo(String table, Object rowId, String column) {
        return table + "/" + rowId + "/" + column;
    }

    public String encrypt(String plaintext, String associatedData) {
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentId), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return VERSION + "." + currentId + "." + B64.encodeToString(iv) + "." + B64.encodeToString(sealed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Token encryption failed", e);
        }
    }

    /** Decrypts a stored value; {@link TokenDecryptionException} if it is malformed, of an unknown key, or tampered with. */
    public String decrypt(String stored, String associatedData) {
        String[] parts = stored == null ? new String[0] : stored.split("\\.");
        if (parts.length != 4 || !VERSION.equals(parts[0])) {
            throw new TokenDecryptionException("not a stored token");
        }
        SecretKeySpec key = keys.get(parts[1]);
        if (key == null) {
            throw new TokenDecryptionException("encrypted under an unknown key");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, B64D.decode(parts[2])));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(B64D.decode(parts[3])), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new TokenDecryptionException("does not decrypt for this row and column");
        }
    }

    /** Whether a stored value is under the current key (else it is re-encrypted when next written). */
    public boolean isCurrent(String stored) {
        return stored != null && stored.startsWith(VERSION + "." + currentId + ".");
    }

    /** A stored token that cannot be decrypted; says why without saying anything of the value. */
    public static final class TokenDecryptionException extends RuntimeException {
        TokenDecryptionException(String why) {
            super("Stored token " + why, null, false, false);
        }
    }
}
