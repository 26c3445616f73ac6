package dev.lodestone.platform.security;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

/** Mints tokens signed with the local key pair, for the embedded default and for tests. */
public final class TokenMinter {

    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(12);

    private final SigningKeys keys;

    public TokenMinter(SigningKeys keys) {
        this.keys = keys;
    }

    public String mint(String role, String subject, Duration lifetime) {
        if (!Roles.ALL.contains(role)) {
            throw new IllegalArgumentException("unknown role '" + role + "', expected one of " + Roles.ALL);
        }
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(SigningKeys.ISSUER);
        claims.setSubject(subject);
        claims.setClaim("upn", subject);
        claims.setStringListClaim("groups", List.of(role));
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(lifetime.toSeconds() / 60f);
        claims.setJwtId(UUID.randomUUID().toString());
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(keys.privateKey());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setHeader("typ", "JWT");
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("Cannot sign token", e);
        }
    }
}
