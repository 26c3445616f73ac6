package dev.lodestone.platform.security;

import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;

/** Mints tokens signed with the local key pair, for the embedded default and for tests. */
public final class TokenMinter {

    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(12);

    /**
     * The JWT builder reads MicroProfile Config ({@code smallrye.jwt.new-token.*}) through the thread's
     * context class loader. Every claim and the algorithm are set here, so it signs under an empty
     * configuration of its own: outside the engine (the {@code token} command, tests driving a packaged
     * engine) building the application's configuration would start the embedded broker and Redis.
     */
    private static final ClassLoader SIGNING_CONTEXT = new ClassLoader(TokenMinter.class.getClassLoader()) {};

    static {
        ConfigProviderResolver.instance().registerConfig(new SmallRyeConfigBuilder().build(), SIGNING_CONTEXT);
    }

    private final SigningKeys keys;

    public TokenMinter(SigningKeys keys) {
        this.keys = keys;
    }

    /** A signed token (RS256) with iss, sub, upn, groups (the role), iat, exp and a random jti. */
    public String mint(String role, String subject, Duration lifetime) {
        if (!Roles.ALL.contains(role)) {
            throw new IllegalArgumentException("unknown role '" + role + "', expected one of " + Roles.ALL);
        }
        Instant now = Instant.now();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(SIGNING_CONTEXT);
        try {
            return Jwt.issuer(SigningKeys.ISSUER)
                    .subject(subject)
                    .upn(subject)
                    .groups(Set.of(role))
                    .issuedAt(now)
                    .expiresAt(now.plus(lifetime))
                    .claim("jti", UUID.randomUUID().toString())
                    .jws()
                    .algorithm(SignatureAlgorithm.RS256)
                    .type("JWT")
                    .sign(keys.privateKey());
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
