package dev.lodestone.platform;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsStringIgnoringCase;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.lodestone.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * Browsers on the allowed origins ({@code lodestone.cors.origins}; in tests the dev default) may call
 * the API with a shopper token; any other origin is refused.
 */
@QuarkusTest
class CorsTest {

    private static final String ALLOWED = "http://localhost:3000";
    private static final String OTHER = "https://attacker.example";
    private static final String PATH = "/v1/users/{id}/points";

    @Test
    void shouldAnswerAPreflightFromAnAllowedOrigin() {
        given().header("Origin", ALLOWED)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type,idempotency-key")
                .options(PATH + "/redemptions", "cors-shopper")
                .then()
                .statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo(ALLOWED))
                .header("Access-Control-Allow-Methods", containsStringIgnoringCase("POST"))
                .header("Access-Control-Allow-Headers", containsStringIgnoringCase("Idempotency-Key"));
    }

    @Test
    void shouldRefuseAPreflightFromAnotherOrigin() {
        given().header("Origin", OTHER)
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization")
                .options(PATH, "cors-shopper")
                .then()
                .statusCode(403)
                .header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void shouldLetABrowserOnAnAllowedOriginReadWithAShopperToken() {
        given().header("Origin", ALLOWED)
                .header("Authorization", Tokens.bearer(Tokens.shopper("cors-shopper")))
                .get(PATH, "cors-shopper")
                .then()
                .statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo(ALLOWED))
                .body("userId", equalTo("cors-shopper"));
    }

    @Test
    void shouldRefuseARequestFromAnotherOrigin() {
        given().header("Origin", OTHER)
                .header("Authorization", Tokens.bearer(Tokens.shopper("cors-shopper")))
                .get(PATH, "cors-shopper")
                .then()
                .statusCode(403)
                .header("Access-Control-Allow-Origin", nullValue());
    }
}
