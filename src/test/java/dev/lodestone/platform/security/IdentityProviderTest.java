package dev.lodestone.platform.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.lodestone.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.Test;

/**
 * The engine configured as docs/identity.md says, trusting an OpenID Connect provider instead of its
 * own local key pair: a second key pair, published as the provider's JWKS, stands in for the provider.
 */
@QuarkusTest
@TestProfile(IdentityProviderTest.Provider.class)
class IdentityProviderTest {

    private static final String SHOPPER = "idp-shopper-" + UUID.randomUUID();

    @Test
    void shouldAcceptAShopperTokenTheProviderSigned() {
        given().header("Authorization", Tokens.bearer(Provider.token(Provider.ISSUER, SHOPPER, Roles.SHOPPER)))
                .get("/v1/users/{id}/points", SHOPPER)
                .then()
                .statusCode(200)
                .body("userId", equalTo(SHOPPER));
    }

    @Test
    void shouldLetAProviderShopperTokenReachOnlyItsOwnSubject() {
        given().header("Authorization", Tokens.bearer(Provider.token(Provider.ISSUER, SHOPPER, Roles.SHOPPER)))
                .get("/v1/users/{id}/points", "someone-else")
                .then()
                .statusCode(403)
                .body("code", equalTo("forbidden"));
    }

    @Test
    void shouldRefuseATokenSignedWithTheEnginesOwnDevelopmentKey() {
        given().header("Authorization", Tokens.bearer(Tokens.shopper(SHOPPER)))
                .get("/v1/users/{id}/points", SHOPPER)
                .then()
                .statusCode(401)
                .body("code", equalTo("unauthenticated"));
    }

    @Test
    void shouldRefuseAProviderSignedTokenFromAnotherIssuer() {
        String token = Provider.token("https://elsewhere.example/realms/shop", SHOPPER, Roles.SHOPPER);
        given().header("Authorization", Tokens.bearer(token))
                .get("/v1/users/{id}/points", SHOPPER)
                .then()
                .statusCode(401);
    }

    /** The provider: its issuer, its signing key (public half published as a JWKS file), its tokens. */
    public static class Provider implements QuarkusTestProfile {

        static final String ISSUER = "https://idp.example.test/realms/shop";
        private static final RsaJsonWebKey KEY = generate();
        private static final Path JWKS = publish(KEY);

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.jwt.verify.issuer", ISSUER, "mp.jwt.verify.publickey.location", JWKS.toString());
        }

        /** A token as the provider issues it: RS256, its key id, {@code sub} and the roles in {@code groups}. */
        static String token(String issuer, String subject, String role) {
            JwtClaims claims = new JwtClaims();
            claims.setIssuer(issuer);
            claims.setSubject(subject);
            claims.setClaim("preferred_username", "display name of " + subject);
            claims.setStringListClaim("groups", List.of(role));
            claims.setIssuedAtToNow();
            claims.setExpirationTimeMinutesInTheFuture(10);
            claims.setJwtId(UUID.randomUUID().toString());
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims.toJson());
            jws.setKey(KEY.getPrivateKey());
            jws.setKeyIdHeaderValue(KEY.getKeyId());
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
            jws.setHeader("typ", "JWT");
            try {
                return jws.getCompactSerialization();
            } catch (JoseException e) {
                throw new IllegalStateException(e);
            }
        }

        private static RsaJsonWebKey generate() {
            try {
                RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
                key.setKeyId("idp-test-key");
                key.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
                key.setUse("sig");
                return key;
            } catch (JoseException e) {
                throw new IllegalStateException(e);
            }
        }

        private static Path publish(RsaJsonWebKey key) {
            try {
                Path file = Files.createTempDirectory("lodestone-idp").resolve("jwks.json");
                Files.writeString(file, new JsonWebKeySet(key).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
                return file;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
