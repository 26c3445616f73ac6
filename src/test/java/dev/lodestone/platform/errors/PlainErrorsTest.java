package dev.lodestone.platform.errors;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.lodestone.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.http.Method;
import io.restassured.response.Response;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Unreadable bodies get a plain reason naming the field, never the server's Java types or packages. */
@QuarkusTest
class PlainErrorsTest {

    private static final List<String> INTERNALS =
            List.of("java.", "dev.lodestone", "com.fasterxml", "jackson", "Exception", "`", "StreamReadConstraints");

    @Test
    void shouldNameTheFieldOfAWrongTypeInARecommendationRequest() {
        assertPlain(send(Method.POST, "/v1/recommendations", Tokens.storefront(), "{\"limit\":\"many\"}"), "limit");
        assertPlain(send(Method.POST, "/v1/recommendations", Tokens.storefront(), "{\"context\":\"a\"}"), "context");
        assertPlain(
                send(Method.POST, "/v1/recommendations", Tokens.storefront(), "{\"filters\":{\"minPrice\":\"cheap\"}}"),
                "filters.minPrice");
        assertPlain(send(Method.POST, "/v1/recommendations", Tokens.storefront(), "[1,2]"), "body");
        assertPlain(send(Method.POST, "/v1/recommendations", Tokens.storefront(), "{\"limit\":"), "body");
    }

    @Test
    void shouldNameTheFieldOfAWrongTypeInRulesAndCatalogItems() {
        assertPlain(
                send(Method.PUT, "/v1/points/rules", Tokens.marketer(), "{\"reviewPoints\":\"ten\"}"), "reviewPoints");
        assertPlain(
                send(
                        Method.PUT,
                        "/v1/catalog/items/plain-1",
                        Tokens.marketer(),
                        "{\"category\":\"a\",\"price\":\"x\"}"),
                "price");
        assertPlain(
                send(Method.PUT, "/v1/catalog/items/plain-1", Tokens.marketer(), "{\"category\":\"a\",\"tags\":\"x\"}"),
                "tags");
    }

    @Test
    void shouldExplainUnreadableEventBodiesWithoutInternals() {
        assertPlain(send(Method.POST, "/v1/events", Tokens.storefront(), "{\"eventId\": \"e1\", "), "body");
        assertPlain(send(Method.POST, "/v1/events", Tokens.storefront(), "[".repeat(50) + "]".repeat(50)), "body");
        assertPlain(send(Method.POST, "/v1/events", Tokens.storefront(), "{\"eventId\":01}"), "body");
    }

    private static Response send(Method method, String path, String token, String body) {
        return given().header("Authorization", Tokens.bearer(token))
                .contentType(ContentType.JSON)
                .body(body)
                .request(method, path);
    }

    private static void assertPlain(Response response, String field) {
        String text = response.then()
                .statusCode(400)
                .contentType(ContentType.JSON)
                .body("errors[0].field", equalTo(field))
                .extract()
                .asString();
        for (String internal : INTERNALS) {
            assertFalse(text.contains(internal), () -> "the answer names '" + internal + "': " + text);
        }
    }
}
