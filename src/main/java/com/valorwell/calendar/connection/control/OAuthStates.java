package com.valorwell.calendar.connection.control;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The OAuth {@code state}: staff id, tenant id, issue time and a 128-bit random nonce,
 * signed with HMAC-SHA256 under OAUTH_STATE_SIGNING_SECRET, good for ten minutes and
 * checked in constant time. The PKCE verifier is derived from the nonce with the same
 * secret, so nothing needs storing between auth-start and the callback; the nonce's hash
 * on the connection row makes a state single-use (the callback consumes it).
 */
public final class OAuthStates {

    public static final Duration LIFETIME = Duration.ofMinutes(10);
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);
    private static final String VERSION = "1";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final SecretKeySpec key;
    private final Clock clock;

    public OAuthStates(byte[] secret, Clock clock) {
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
        this.clock = clock;
    }

    /** A freshly issued state with what auth-start needs alongside it. */
    public record Issued(String state, String nonceHash, String codeChallenge, Instant expiresAt) {
    }

    /** A state that verified: whose it is, the hash its row must hold, and its PKCE verifier. */
    public record Verified(UUID staffId, UUID tenantId, Instant issuedAt, String nonceHash, String codeVerifier) {
    }

    /** Why a state was refused. */
    public enum Refusal { INVALID, EXPIRED }

    public static final class RefusedState extends RuntimeException {
        private final Refusal refusal;

        RefusedState(Refusal refusal) {
            super("state " + refusal, null, false, false);
            this.refusal = refusal;
        }

        public Refusal refusal() {
            return refusal;
        }
    }

    public Issued issue(UUID staffId, UUID tenantId) {
        byte[] nonceBytes = new byte[16];
        RANDOM.nextBytes(nonceBytes);
        String nonce = B64.encodeToString(nonceBytes);
        Instant now = clock.instant();
        String payload = String.join(".", VERSION, staffId.toString(), tenantId.toString(),
                Long.toString(now.getEpochSecond()), nonce);
        String state = B64.encodeToString(payload.getBytes(StandardCharsets.US_ASCII)) + "."
                + B64.encodeToString(mac("state:" + payload));
        return new Issued(state, nonceHash(nonce), challenge(verifier(nonce)), now.plus(LIFETIME));
    }

    public Verified verify(String state) {
        if (state == null || state.length() > 1024) {
            throw new RefusedState(Refusal.INVALID);
        }
        String[] parts = state.split("\\.", -1);
        if (parts.length != 2) {
            throw new RefusedState(Refusal.INVALID);
        }
        byte[] payloadBytes;
        byte[] given;
        try {
            payloadBytes = B64D.decode(parts[0]);
            given = B64D.decode(parts[1]);
        } catch (IllegalArgumentException e) {
            throw new RefusedState(Refusal.INVALID);
        }
        String payload = new String(payloadBytes, StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(mac("state:" + payload), given)) {
            throw new RefusedState(Refusal.INVALID);
        }
        String[] fields = payload.split("\\.", -1);
        if (fields.length != 5 || !VERSION.equals(fields[0])) {
            throw new RefusedState(Refusal.INVALID);
        }
        try {
            Instant issuedAt = Instant.ofEpochSecond(Long.parseLong(fields[3]));
            Instant now = clock.instant();
            if (issuedAt.isAfter(now.plus(CLOCK_SKEW))) {
                throw new RefusedState(Refusal.INVALID);
            }
            if (!now.isBefore(issuedAt.plus(LIFETIME))) {
                throw new RefusedState(Refusal.EXPIRED);
            }
            String nonce = fields[4];
            return new Verified(UUID.fromString(fields[1]), UUID.fromString(fields[2]), issuedAt,
                    nonceHash(nonce), verifier(nonce));
        } catch (IllegalArgumentException e) {
            throw new RefusedState(Refusal.INVALID);
        }
    }

    /** The PKCE S256 challenge of a verifier. */
    public static String challenge(String verifier) {
        try {
            return B64.encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private String verifier(String nonce) {
        return B64.encodeToString(mac("pkce:" + nonce));
    }

    private static String nonceHash(String nonce) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(nonce.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] mac(String input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
