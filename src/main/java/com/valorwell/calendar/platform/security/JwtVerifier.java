package com.valorwell.calendar.platform.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.valorwell.calendar.platform.config.Setting;
import com.valorwell.calendar.platform.config.Settings;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Verifies the EHR auth server's access tokens: ES256 or RS256 signature by a key of the
 * configured JWKS (chosen by {@code kid}), {@code exp}, {@code iss} and {@code aud}.
 * Unlike Payara's MP-JWT it does not demand {@code jti}, which Supabase tokens lack.
 * A JWKS behind http(s) is cached and re-fetched when an unknown {@code kid} appears.
 */
@ApplicationScoped
public class JwtVerifier {

    private static final Logger LOG = Logger.getLogger(JwtVerifier.class.getName());
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256);

    @Inject
    Settings settings;

    private DefaultJWTProcessor<SecurityContext> processor;

    /**
     * Tokens already verified, until they expire (at most five minutes): a client sends
     * the same access token with every request for its hour, and an ES256 check costs
     * more CPU than the rest of a cached availability answer. Bounded; per instance.
     */
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();
    private static final int MAX_CACHED = 20_000;
    private static final long MAX_CACHE_MILLIS = 5 * 60_000;

    private record Verified(Caller caller, long validUntilMillis) {
    }

    @PostConstruct
    void init() {
        processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keySource(
                settings.text(Setting.MP_JWT_VERIFY_PUBLICKEY_LOCATION))));
        Set<String> audiences = new HashSet<>(settings.list(Setting.MP_JWT_VERIFY_AUDIENCES));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                audiences,
                new JWTClaimsSet.Builder().issuer(settings.text(Setting.MP_JWT_VERIFY_ISSUER)).build(),
                Set.of("sub", "exp"),
                Set.of()));
    }

    /** The caller the token names, or empty when the token is not acceptable for any reason. */
    public Optional<Caller> verify(String token) {
        long now = System.currentTimeMillis();
        Verified known = verified.get(token);
        if (known != null) {
            if (now < known.validUntilMillis()) {
                return Optional.of(known.caller());
            }
            verified.remove(token);
        }
        try {
            JWTClaimsSet claims = processor.process(token, null);
            UUID sub = UUID.fromString(claims.getSubject());
            Caller caller = new Caller(sub, claims.toString());
            if (verified.size() >= MAX_CACHED) {
                verified.clear();
            }
            verified.put(token, new Verified(caller, Math.min(claims.getExpirationTime().getTime(), now + MAX_CACHE_MILLIS)));
            return Optional.of(caller);
        } catch (ParseException | BadJOSEException | JOSEException | IllegalArgumentException e) {
            // The reason is for the operator, at fine level; never the token itself.
            LOG.log(Level.FINE, "Bearer token rejected: {0}", e.getClass().getSimpleName());
            return Optional.empty();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Bearer token could not be checked: {0}", e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    private static JWKSource<SecurityContext> keySource(String location) {
        try {
            if (location.startsWith("http://") || location.startsWith("https://")) {
                return JWKSourceBuilder.create(new URL(location)).retrying(true).build();
            }
            Path path = location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
            String text = Files.readString(path);
            List<JWK> keys = text.contains("-----BEGIN")
                    ? List.of(pemPublicKey(text))
                    : JWKSet.parse(text).toPublicJWKSet().getKeys();
            return new ImmutableJWKSet<>(new JWKSet(keys));
        } catch (IOException | ParseException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("Cannot load the token verification keys from "
                    + Setting.MP_JWT_VERIFY_PUBLICKEY_LOCATION.key() + " (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /** A single PEM public key (EC P-256 or RSA), read with the JDK alone. */
    private static JWK pemPublicKey(String pem) throws GeneralSecurityException {
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        X509EncodedKeySpec spec = new X509EncodedKeySpec(Base64.getDecoder().decode(base64));
        try {
            ECPublicKey ec = (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(spec);
            return new ECKey.Builder(Curve.forECParameterSpec(ec.getParams()), ec).build();
        } catch (InvalidKeySpecException notEc) {
            RSAPublicKey rsa = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(spec);
            return new RSAKey.Builder(rsa).build();
        }
    }
}
