package dev.lodestone.signals;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lodestone.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The signals' HTTP surface on the embedded broker and Redis: validation, feedback into the summary, "not interested". */
@QuarkusTest
class SignalsEndToEndTest {

    private static final Duration EVENTUALLY = Duration.ofSeconds(60);

    @Test
    void shouldRefuseBadFeedbackNamingTheField() {
        String storefront = Tokens.storefront();
        feedback(storefront, "{\"userId\":\"u1\",\"nps\":11}").statusCode(400).body("errors[0].field", equalTo("nps"));
        feedback(storefront, "{\"userId\":\"u1\",\"csat\":0}").statusCode(400).body("errors[0].field", equalTo("csat"));
        feedback(storefront, "{\"nps\":5}").statusCode(400).body("errors[0].field", equalTo("userId"));
        feedback(storefront, "{\"userId\":\"u1\"}").statusCode(400).body("errors[0].field", equalTo("nps"));
        feedback(storefront, "{\"userId\":\"u1\",\"text\":\"" + "长".repeat(2001) + "\"}")
                .statusCode(400)
                .body("errors[0].field", equalTo("text"));
        feedback(storefront, "{\"userId\":\"u1\",\"nps\":5,\"about\":{\"type\":\"item\"}}")
                .statusCode(400)
                .body("errors[0].field", equalTo("about.id"));
        feedback(storefront, "not json").statusCode(400).body("errors[0].field", equalTo("body"));
        feedback(Tokens.shopper("bob"), "{\"userId\":\"alice\",\"nps\":0}").statusCode(403);
        given().header("Authorization", Tokens.bearer(Tokens.marketer()))
                .get("/v1/funnel?from=2026-01-01&to=2026-01-02&category=a&placement=home")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("category"));
        given().header("Authorization", Tokens.bearer(Tokens.marketer()))
                .get("/v1/feedback/summary?from=2026-01-02&to=2026-01-01")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("to"));
        given().header("Authorization", Tokens.bearer(Tokens.shopper("bob")))
                .get("/v1/carts/summary?from=2026-01-01&to=2026-01-01")
                .then()
                .statusCode(403);
    }

    @Test
    void shouldCountPostedFeedbackInTheSummary() {
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        String summary = "/v1/feedback/summary?about=conversation&from=" + today + "&to=" + today;
        String marketer = Tokens.bearer(Tokens.marketer());
        int before = given().header("Authorization", marketer)
                .get(summary)
                .then()
                .statusCode(200)
                .extract()
                .path("responses");
        String user = "fb-" + UUID.randomUUID();
        String about = ",\"about\":{\"type\":\"conversation\",\"id\":\"c-" + UUID.randomUUID() + "\"}";
        feedback(Tokens.shopper(user), "{\"userId\":\"" + user + "\",\"nps\":10,\"text\":\"客服很耐心\"" + about + "}")
                .statusCode(202);
        feedback(Tokens.storefront(), "{\"userId\":\"" + user + "\",\"nps\":2,\"csat\":1" + about + "}")
                .statusCode(202);
        Awaitility.await()
                .atMost(EVENTUALLY)
                .untilAsserted(() -> given().header("Authorization", marketer)
                        .get(summary)
                        .then()
                        .statusCode(200)
                        .body("responses", equalTo(before + 2)));
    }

    @Test
    void shouldLeaveANotInterestedItemOutOfTheVeryNextList() {
        String marketer = Tokens.bearer(Tokens.marketer());
        String prefix = "ni-" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 5; i++) {
            given().header("Authorization", marketer)
                    .contentType(ContentType.JSON)
                    .body("{\"title\":\"Item\",\"category\":\"" + prefix + "/x\",\"price\":10.0,\"currency\":\"CNY\","
                            + "\"stock\":5,\"available\":true}")
                    .put("/v1/catalog/items/{id}", prefix + "-" + i)
                    .then()
                    .statusCode(200);
        }
        String user = "ni-" + UUID.randomUUID();
        String shopper = Tokens.bearer(Tokens.shopper(user));
        String list = "/v1/users/{id}/recommendations?limit=5&category=" + prefix;
        Awaitility.await()
                .atMost(EVENTUALLY)
                .untilAsserted(() -> given().header("Authorization", shopper)
                        .get(list, user)
                        .then()
                        .statusCode(200)
                        .body("items.itemId", hasItem(prefix + "-0")));
        List<String> before = given().header("Authorization", shopper)
                .get(list, user)
                .then()
                .extract()
                .path("items.itemId");
        String target = before.getFirst();

        given().header("Authorization", shopper)
                .contentType(ContentType.JSON)
                .body("{\"reason\":\"not_interested\"}")
                .post("/v1/users/{id}/feedback/items/{item}", user, target)
                .then()
                .statusCode(202)
                .body("itemId", equalTo(target));
        // No waiting: the mark is in Redis before the 202.
        given().header("Authorization", shopper)
                .get(list, user)
                .then()
                .statusCode(200)
                .body("items.itemId", not(hasItem(target)));
        List<String> after = given().header("Authorization", shopper)
                .get(list, user)
                .then()
                .extract()
                .path("items.itemId");
        assertFalse(after.contains(target));
        assertTrue(after.size() >= before.size() - 1, "the rest of the list stays: " + after);
        given().header("Authorization", Tokens.bearer(Tokens.shopper("someone-else")))
                .contentType(ContentType.JSON)
                .post("/v1/users/{id}/feedback/items/{item}", user, target)
                .then()
                .statusCode(403);
    }

    private static io.restassured.response.ValidatableResponse feedback(String token, String body) {
        return given().header("Authorization", Tokens.bearer(token))
                .contentType(ContentType.JSON)
                .body(body)
                .post("/v1/feedback")
                .then();
    }
}
