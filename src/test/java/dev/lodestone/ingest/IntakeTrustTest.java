package dev.lodestone.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lodestone.support.Events;
import dev.lodestone.support.KafkaProbe;
import dev.lodestone.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Who may post what: only server-side tokens post events that move value; a shopper posts behaviour. */
@QuarkusTest
class IntakeTrustTest {

    private static final Duration VISIBLE_WITHIN = Duration.ofSeconds(90);
    private static final List<String> VALUE_TYPES = List.of("purchase", "refund", "review", "share");
    private static final List<String> BEHAVIOUR_TYPES =
            List.of("view", "click", "add_to_cart", "remove_from_cart", "impression");

    @Test
    void shouldRefuseAShopperPostingEventsThatMoveValueAndCreditTheStorefrontsCopies() {
        String user = "minter-" + UUID.randomUUID();
        String shopper = Tokens.shopper(user);
        long before = KafkaProbe.endOffsets(IngestTopics.SHOPPER_EVENTS.name());
        String purchase = "{\"eventId\":\"evt-" + UUID.randomUUID() + "\",\"type\":\"purchase\",\"userId\":\"" + user
                + "\",\"itemId\":\"gift-card\",\"price\":1000000000,\"quantity\":10000,\"currency\":\"CNY\"}";
        String review = Events.event("evt-" + UUID.randomUUID(), "review", user, "item-1");
        for (String type : VALUE_TYPES) {
            String body =
                    type.equals("purchase") ? purchase : Events.event("evt-" + UUID.randomUUID(), type, user, "item-1");
            post(shopper, body)
                    .statusCode(403)
                    .body("code", equalTo("forbidden"))
                    .body("errors[0].index", equalTo(0))
                    .body("errors[0].field", equalTo("type"));
        }
        post(shopper, "[" + Events.view(user, "item-1") + "," + review + "]")
                .statusCode(403)
                .body("errors.index", equalTo(List.of(1)))
                .body("errors.field", equalTo(List.of("type")));
        assertEquals(before, KafkaProbe.endOffsets(IngestTopics.SHOPPER_EVENTS.name()), "nothing was published");
        balance(user).body("balance", equalTo(0)).body("version", equalTo(0));

        // The storefront's server posts the same review: it is credited, and it is the only entry.
        post(Tokens.storefront(), review).statusCode(202);
        awaitCredited(user);
        given().header("Authorization", Tokens.bearer(shopper))
                .get("/v1/users/{id}/points/history", user)
                .then()
                .statusCode(200)
                .body("entries.reason", equalTo(List.of("review")));
    }

    @Test
    void shouldLetAShopperPostBehaviourAboutThemselves() {
        String user = "browser-" + UUID.randomUUID();
        StringBuilder batch = new StringBuilder("[");
        for (String type : BEHAVIOUR_TYPES) {
            batch.append(Events.event("evt-" + UUID.randomUUID(), type, user, "item-1"))
                    .append(',');
        }
        batch.append("{\"eventId\":\"evt-")
                .append(UUID.randomUUID())
                .append("\",\"type\":\"search\",\"userId\":\"")
                .append(user)
                .append("\",\"query\":\"mug\"}]");
        post(Tokens.shopper(user), batch.toString()).statusCode(202).body("accepted", equalTo(6));
    }

    @Test
    void shouldNameTheUserIdWhenAShopperPostsForSomeoneElse() {
        post(Tokens.shopper("mallory-" + UUID.randomUUID()), Events.view("victim", "item-1"))
                .statusCode(403)
                .body("errors.field", hasItem("userId"));
    }

    @Test
    void shouldLetAdminPostValueEvents() {
        String user = "admin-credited-" + UUID.randomUUID();
        post(Tokens.admin(), Events.purchase("evt-" + UUID.randomUUID(), user, "item-1", 12.5, 2))
                .statusCode(202);
        awaitCredited(user);
    }

    private static ValidatableResponse post(String token, String body) {
        return given().header("Authorization", Tokens.bearer(token))
                .contentType(ContentType.JSON)
                .body(body)
                .post("/v1/events")
                .then()
                .contentType(ContentType.JSON);
    }

    private static ValidatableResponse balance(String user) {
        return given().header("Authorization", Tokens.bearer(Tokens.storefront()))
                .get("/v1/users/{id}/points", user)
                .then()
                .statusCode(200);
    }

    /** One ledger entry with points: the earn rules' amounts belong to other tests. */
    private static void awaitCredited(String user) {
        Awaitility.await()
                .atMost(VISIBLE_WITHIN)
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> balance(user).body("version", equalTo(1)).body("balance", greaterThan(0)));
    }
}
