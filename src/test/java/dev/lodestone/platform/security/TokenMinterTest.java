package dev.lodestone.platform.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Minting outside the engine, as the {@code token} command does; verified with the public key. */
class TokenMinterTest {

    private static final Duration LIFETIME = Duration.ofHours(2);

    @TempDir
    Path dataDir;

    @Test
    void shouldMintAnRs256TokenWithEveryClaimTheEngineReads() throws Exception {
        SigningKeys keys = SigningKeys.ensure(dataDir);

        String token = new TokenMinter(keys).mint(Roles.STOREFRONT, "shop-1", LIFETIME);

        JwtClaims claims = new JwtConsumerBuilder()
                .setVerificationKey(publicKey(keys.publicKeyFile()))
                .setJwsAlgorithmConstraints(
                        AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256)
                .setExpectedIssuer(SigningKeys.ISSUER)
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setRequireJwtId()
                .build()
                .processToClaims(token);
        assertEquals("shop-1", claims.getSubject());
        assertEquals("shop-1", claims.getStringClaimValue("upn"));
        assertEquals(List.of(Roles.STOREFRONT), claims.getStringListClaimValue("groups"));
        assertEquals(
                LIFETIME.toSeconds(),
                claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue());
    }

    @Test
    void shouldGiveEveryTokenItsOwnId() throws Exception {
        TokenMinter minter = new TokenMinter(SigningKeys.ensure(dataDir));

        assertNotEquals(jwtId(minter.mint(Roles.ADMIN, "a", LIFETIME)), jwtId(minter.mint(Roles.ADMIN, "a", LIFETIME)));
    }

    @Test
    void shouldRefuseAnUnknownRole() {
        TokenMinter minter = new TokenMinter(SigningKeys.ensure(dataDir));

        assertThrows(IllegalArgumentException.class, () -> minter.mint("root", "a", LIFETIME));
    }

    private static String jwtId(String token) throws Exception {
        return new JwtConsumerBuilder()
                .setSkipSignatureVerification()
                .setSkipAllValidators()
                .build()
                .processToClaims(token)
                .getJwtId();
    }

    private static PublicKey publicKey(Path pem) throws Exception {
        String base64 = Files.readString(pem, StandardCharsets.US_ASCII)
                .replaceAll("-----[A-Z ]+-----", "")
                .replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }
}
