package com.valorwell.calendar.testsupport;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A dev stand-in for the EHR's auth server: an ES256 and an RS256 key generated at run
 * time (never committed), their public JWKS, and Supabase-shaped access tokens signed
 * with them (no {@code jti}, {@code aud: authenticated}, {@code role: authenticated}).
 */
public final class SigningKeys {

    public static final String ISSUER = "http://127.0.0.1/auth/v1";
    public static final String AUDIENCE = "authenticated";

    private final ECKey ec;
    private final RSAKey rsa;

    private SigningKeys(ECKey ec, RSAKey rsa) {
        this.ec = ec;
        this.rsa = rsa;
    }

    public static SigningKeys generate() {
        try {
            return new SigningKeys(
                    new ECKeyGenerator(Curve.P_256).keyID("es-" + UUID.randomUUID()).generate(),
                    new RSAKeyGenerator(2048).keyID("rs-" + UUID.randomUUID()).generate());
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public ECKey ec() {
        return ec;
    }

    public RSAKey rsa() {
        return rsa;
    }

    /** Writes the public JWKS and returns its {@code file:} URL. */
    public String writeJwks(Path file) {
        try {
            Files.writeString(file, new JWKSet(List.of(ec.toPublicJWK(), rsa.toPublicJWK())).toString());
            return file.toUri().toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A valid ES256 access token for {@code sub}, one hour long. */
    public String token(UUID sub) {
        return es256(claims(sub, Duration.ofHours(1)).build());
    }

    public static JWTClaimsSet.Builder claims(UUID sub, Duration lifetime) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(sub.toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)))
                .claim("role", "authenticated")
                .claim("aal", "aal1")
                .claim("session_id", UUID.randomUUID().toString())
                .claim("app_metadata", Map.of("provider", "email"));
    }

    public String es256(JWTClaimsSet claims) {
        return sign(ec, JWSAlgorithm.ES256, ec.getKeyID(), claims);
    }

    public String rs256(JWTClaimsSet claims) {
        return sign(rsa, JWSAlgorithm.RS256, rsa.getKeyID(), claims);
    }

    private static String sign(com.nimbusds.jose.jwk.JWK key, JWSAlgorithm alg, String kid, JWTClaimsSet claims) {
        try {
            com.nimbusds.jose.JWSSigner signer = key instanceof ECKey e ? new ECDSASigner(e) : new RSASSASigner((RSAKey) key);
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(kid).type(JOSEObjectType.JWT).build(),
                    claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signs with a key of the same shape that the service does not know, under a known kid. */
    public static String withForeignKey(String kid, JWTClaimsSet claims) {
        return sign(generate().ec, JWSAlgorithm.ES256, kid, claims);
    }
}
