package dev.lodestone.platform.security;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Verifies each distinct bearer token once and remembers the result until the token expires.
 *
 * <p>A storefront sends the same long-lived token with every request, and checking its RSA
 * signature cost more CPU than a whole activity read (docs/benchmarks.md). Only tokens that passed
 * full verification are remembered, keyed by their exact text, so a tampered token is a different
 * key and is verified (and refused) like any other. Bounded: when full, the cache starts over.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokenCache extends DefaultJWTParser {

    static final int MAX_TOKENS = 10_000;

    private final ConcurrentHashMap<String, JsonWebToken> verified = new ConcurrentHashMap<>();

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        JsonWebToken cached = verified.get(token);
        long nowSeconds = System.currentTimeMillis() / 1000;
        if (cached != null && cached.getExpirationTime() > nowSeconds) {
            return cached;
        }
        JsonWebToken fresh = super.parse(token);
        if (verified.size() >= MAX_TOKENS) {
            verified.clear();
        }
        verified.put(token, fresh);
        return fresh;
    }
}
