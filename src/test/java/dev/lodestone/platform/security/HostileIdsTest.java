package dev.lodestone.platform.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.lodestone.ingest.IngestTopics;
import dev.lodestone.support.KafkaProbe;
import dev.lodestone.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * Ids that could be stored but never read back, forgotten or told apart are refused at the door,
 * naming the field, in bodies and in paths alike.
 */
@QuarkusTest
class HostileIdsTest {

    /** JSON string contents (escaped), one per class of hostile id. */
    private static final List<String> HOSTILE_IN_JSON = List.of(
            ".",
            "..",
            "\\ud800",
            "a\\udc00",
            "\\u200b",
            "a\\u200bb",
            "\\u202eevil",
            "x\\u2066y",
            "\\ufeffx",
            "\\ue000",
            "\\udb80\\udc00",
            "\\u0378",
            "\\uffff",
            "a\\u2028b",
            "a\\u2029b",
            "a\\u0085b",
            "a\\u00a0b");

    /** Characters that survive URL encoding, so they reach a path parameter. */
    private static final List<String> HOSTILE_IN_PATH =
            List.of("a\u200bb", "\u202eevil", "x\u2066y", "\ue000", "a\u2028b", "\u0378");

    /** Ordinary ids of every script stay valid. */
    private static final List<String> FRIENDLY_IN_JSON =
            List.of("用户-1", "émile", "a.b", "...", "order#7", "\\ud83d\\ude00", "ü:ß/é");

    @Test
    void shouldRefuseEachClassOfHostileIdInAnEventAndPublishNothing() {
        long before = KafkaProbe.endOffsets(IngestTopics.SHOPPER_EVENTS.name());
        for (String id : HOSTILE_IN_JSON) {
            given().header("Authorization", Tokens.bearer(Tokens.storefront()))
                    .contentType(ContentType.JSON)
                    .body("{\"eventId\":\"e-" + UUID.randomUUID() + "\",\"type\":\"view\",\"userId\":\"" + id
                            + "\",\"itemId\":\"item-1\"}")
                    .post("/v1/events")
                    .then()
                    .statusCode(400)
                    .body("errors[0].index", equalTo(0))
                    .body("errors[0].field", equalTo("userId"));
            given().header("Authorization", Tokens.bearer(Tokens.storefront()))
                    .contentType(ContentType.JSON)
                    .body("{\"eventId\":\"" + id + "\",\"type\":\"view\",\"userId\":\"u1\",\"itemId\":\"item-1\"}")
                    .post("/v1/events")
                    .then()
                    .statusCode(400)
                    .body("errors[0].field", equalTo("eventId"));
        }
        Assertions.assertEquals(
                before, KafkaProbe.endOffsets(IngestTopics.SHOPPER_EVENTS.name()), "records were published");
    }

    @Test
    void shouldRefuseHostileIdsInPathsAndRequestBodies() {
        for (String id : HOSTILE_IN_PATH) {
            given().header("Authorization", Tokens.bearer(Tokens.storefront()))
                    .get("/v1/users/{id}/activity", id)
                    .then()
                    .statusCode(400)
                    .contentType(ContentType.JSON)
                    .body("errors[0].field", equalTo("userId"));
            given().header("Authorization", Tokens.bearer(Tokens.marketer()))
                    .contentType(ContentType.JSON)
                    .body("{\"name\":\"x\",\"cost\":1,\"stock\":1,\"kind\":\"coupon\"}")
                    .put("/v1/gifts/{g}", id)
                    .then()
                    .statusCode(400)
                    .body("errors[0].field", equalTo("giftId"));
        }
        for (String id : HOSTILE_IN_JSON) {
            given().header("Authorization", Tokens.bearer(Tokens.storefront()))
                    .contentType(ContentType.JSON)
                    .body("{\"userId\":\"" + id + "\",\"context\":[]}")
                    .post("/v1/recommendations")
                    .then()
                    .statusCode(400)
                    .body("errors[0].field", equalTo("userId"));
        }
    }

    @Test
    void shouldKeepAcceptingIdsOfEveryScript() {
        for (String id : FRIENDLY_IN_JSON) {
            given().header("Authorization", Tokens.bearer(Tokens.storefront()))
                    .contentType(ContentType.JSON)
                    .body("{\"eventId\":\"e-" + UUID.randomUUID() + "\",\"type\":\"view\",\"userId\":\"" + id
                            + "\",\"itemId\":\"item-1\"}")
                    .post("/v1/events")
                    .then()
                    .statusCode(202);
        }
    }
}
