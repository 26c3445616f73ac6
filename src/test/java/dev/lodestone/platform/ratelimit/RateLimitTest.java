package dev.lodestone.platform.ratelimit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lodestone.support.Events;
import dev.lodestone.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Per-client budgets: the greedy client gets 429 with Retry-After, everyone else carries on. */
@QuarkusTest
@TestProfile(RateLimitTest.TinyBudgets.class)
class RateLimitTest {

    private static final int SHOPPER_BURST = 3;
    private static final int SHOPPER_EVENT_BURST = 5;
    /** Enough attempts for a bucket refilled at one token per second to run dry on the slowest machine. */
    private static final int MAX_ATTEMPTS = 60;

    /** Budgets small enough to spend in a test; refills slow enough that a loaded machine cannot hide them. */
    public static class TinyBudgets implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "lodestone.rate-limit.shopper.requests-per-second", "1",
                    "lodestone.rate-limit.shopper.burst", String.valueOf(SHOPPER_BURST),
                    "lodestone.rate-limit.shopper.events-per-second", "1",
                    "lodestone.rate-limit.shopper.event-burst", String.valueOf(SHOPPER_EVENT_BURST),
                    "lodestone.rate-limit.anonymous.requests-per-second", "1",
                    "lodestone.rate-limit.anonymous.burst", "2");
        }
    }

    @Test
    void shouldAnswer429WithRetryAfterToTheGreedyClientOnlyAndCountIt() {
        String greedy = "greedy-" + UUID.randomUUID();
        String token = Tokens.shopper(greedy);
        Supplier<Response> activity =
                () -> given().header("Authorization", Tokens.bearer(token)).get("/v1/users/{id}/activity", greedy);
        for (int i = 0; i < SHOPPER_BURST; i++) {
            assertNotEquals(429, activity.get().statusCode(), "request " + i + " is within the burst");
        }
        Response refused = firstRefusal(activity);
        refused.then()
                .statusCode(429)
                .contentType(ContentType.JSON)
                .body("status", equalTo(429))
                .body("code", equalTo("rate_limited"));
        assertTrue(Long.parseLong(refused.header("Retry-After")) >= 1, "Retry-After in whole seconds");

        String patient = "patient-" + UUID.randomUUID();
        given().header("Authorization", Tokens.bearer(Tokens.shopper(patient)))
                .get("/v1/users/{id}/activity", patient)
                .then()
                .statusCode(404);
        given().header("Authorization", Tokens.bearer(Tokens.storefront()))
                .get("/v1/users/{id}/activity", greedy)
                .then()
                .statusCode(404);
        given().get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("lodestone_ratelimit_rejected_total{role=\"shopper\",route=\"activity\"}"));
    }

    @Test
    void shouldCountEveryEventOfABatchAgainstTheIntakeBudget() {
        String user = "batcher-" + UUID.randomUUID();
        String token = Tokens.shopper(user);
        Supplier<Response> batch = () -> given().header("Authorization", Tokens.bearer(token))
                .contentType(ContentType.JSON)
                .body(IntStream.range(0, SHOPPER_EVENT_BURST)
                        .mapToObj(i -> Events.view(user, "item-" + i))
                        .collect(Collectors.joining(",", "[", "]")))
                .post("/v1/events");
        batch.get().then().statusCode(202).body("accepted", equalTo(SHOPPER_EVENT_BURST));
        Response refused = batch.get();
        refused.then().statusCode(429).body("code", equalTo("rate_limited"));
        assertNotNull(refused.header("Retry-After"));

        String other = "other-batcher-" + UUID.randomUUID();
        given().header("Authorization", Tokens.bearer(Tokens.shopper(other)))
                .contentType(ContentType.JSON)
                .body(IntStream.range(0, SHOPPER_EVENT_BURST + 1)
                        .mapToObj(i -> Events.view(other, "item-" + i))
                        .collect(Collectors.joining(",", "[", "]")))
                .post("/v1/events")
                .then()
                .statusCode(413)
                .body("code", equalTo("too_many_events"));
    }

    @Test
    void shouldLimitRequestsWithoutATokenByAddressButNeverPingOrOperations() {
        for (int i = 0; i < 10; i++) {
            given().get("/v1/ping").then().statusCode(200);
            given().get("/q/health/live").then().statusCode(200);
        }
        Response refused = firstRefusal(() -> given().get("/v1/users/anyone/activity"));
        refused.then().statusCode(429).body("code", equalTo("rate_limited"));
        given().get("/v1/ping").then().statusCode(200);
    }

    /** Sends until the first 429; the budgets above run dry long before {@link #MAX_ATTEMPTS}. */
    private static Response firstRefusal(Supplier<Response> call) {
        for (int i = 0; i < MAX_ATTEMPTS; i++) {
            Response response = call.get();
            if (response.statusCode() == 429) {
                return response;
            }
        }
        throw new AssertionError("no 429 in " + MAX_ATTEMPTS + " calls");
    }
}
