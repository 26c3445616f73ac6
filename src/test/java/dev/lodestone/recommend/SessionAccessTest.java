package dev.lodestone.recommend;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.lodestone.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A session id proves nothing about who holds it: only the storefront's server may ask about one. */
@QuarkusTest
class SessionAccessTest {

    @Test
    void shouldForbidAShopperNamingASession() {
        String session = "someone-elses-session-" + UUID.randomUUID();
        given().header("Authorization", Tokens.bearer(Tokens.shopper("curious-" + UUID.randomUUID())))
                .contentType(ContentType.JSON)
                .body("{\"sessionId\":\"" + session + "\",\"context\":[]}")
                .post("/v1/recommendations")
                .then()
                .statusCode(403)
                .body("code", equalTo("forbidden"))
                .body("errors[0].field", equalTo("sessionId"));
    }

    @Test
    void shouldLetAShopperAskWithTheirOwnUserIdAndTheStorefrontWithASession() {
        String user = "own-" + UUID.randomUUID();
        given().header("Authorization", Tokens.bearer(Tokens.shopper(user)))
                .contentType(ContentType.JSON)
                .body("{\"userId\":\"" + user + "\",\"context\":[]}")
                .post("/v1/recommendations")
                .then()
                .statusCode(200);
        given().header("Authorization", Tokens.bearer(Tokens.storefront()))
                .contentType(ContentType.JSON)
                .body("{\"sessionId\":\"s-" + UUID.randomUUID() + "\",\"context\":[]}")
                .post("/v1/recommendations")
                .then()
                .statusCode(200);
    }
}
