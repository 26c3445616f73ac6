package dev.lodestone.platform.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.lodestone.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

/** The caller is the token's {@code sub}, whatever {@code upn} or {@code preferred_username} say. */
@QuarkusTest
class SubjectIdentityTest {

    @Test
    void shouldTreatATokenWhoseUpnDiffersAsItsSubject() throws Exception {
        String subject = "sub-" + UUID.randomUUID();
        String token = token(subject, "victim-upn", "victim-preferred");
        given().header("Authorization", Tokens.bearer(token))
                .get("/v1/users/{id}/points", subject)
                .then()
                .statusCode(200)
                .body("userId", equalTo(subject));
        for (String other : List.of("victim-upn", "victim-preferred")) {
            given().header("Authorization", Tokens.bearer(token))
                    .get("/v1/users/{id}/points", other)
                    .then()
                    .statusCode(403)
                    .body("code", equalTo("forbidden"));
        }
    }

    @Test
    void shouldRefuseATokenWithoutASubject() throws Exception {
        given().header("Authorization", Tokens.bearer(token(null, "someone", null)))
                .get("/v1/users/{id}/points", "someone")
                .then()
                .statusCode(401)
                .body("code", equalTo("unauthenticated"));
    }

    /** A shopper token signed with the engine's key, with the name claims given (null: absent). */
    private static String token(String subject, String upn, String preferredUsername) throws Exception {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(SigningKeys.ISSUER);
        if (subject != null) {
            claims.setSubject(subject);
        }
        if (upn != null) {
            claims.setClaim("upn", upn);
        }
        if (preferredUsername != null) {
            claims.setClaim("preferred_username", preferredUsername);
        }
        claims.setStringListClaim("groups", List.of(Roles.SHOPPER));
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(10);
        claims.setJwtId(UUID.randomUUID().toString());
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        String dataDir = ConfigProvider.getConfig().getValue("lodestone.resolved-data-dir", String.class);
        jws.setKey(SigningKeys.ensure(Path.of(dataDir)).privateKey());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setHeader("typ", "JWT");
        return jws.getCompactSerialization();
    }
}
