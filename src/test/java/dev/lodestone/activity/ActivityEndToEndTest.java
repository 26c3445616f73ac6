package dev.lodestone.activity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.lodestone.support.Events;
import dev.lodestone.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Intake → Kafka → Streams → Redis → REST, on the real embedded broker and Redis. */
@QuarkusTest
class ActivityEndToEndTest {

    /**
     * A correctness bound, not a latency target: a loaded CI machine may stall for seconds. How fast
     * events become visible is measured by the benchmark (docs/benchmarks.md); this test only prints it.
     */
    private static final Duration VISIBLE_WITHIN = Duration.ofSeconds(60);

    @Test
    void shouldShowEachOfAHundredEventsInItsShoppersActivity() {
        String token = Tokens.storefront();
        // Warm up first: class loading, JIT of every processor of the (large) topology, the first
        // transaction on each partition, so that the printed figures describe steady state.
        for (int i = 0; i < 16; i++) {
            String warm = "warm-" + i + "-" + UUID.randomUUID();
            post(
                    token,
                    java.util.stream.IntStream.range(0, 50)
                            .mapToObj(n -> Events.view(warm, "item-" + n))
                            .collect(java.util.stream.Collectors.joining(",", "[", "]")));
            Awaitility.await().atMost(VISIBLE_WITHIN).untilAsserted(() -> activity(token, warm, 200));
        }
        List<String> missing = new ArrayList<>();
        List<Long> latenciesMs = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String user = "shopper-" + i + "-" + UUID.randomUUID();
            String item = "item-" + i;
            long start = System.nanoTime();
            post(token, Events.view(user, item));
            try {
                Awaitility.await()
                        .pollInterval(Duration.ofMillis(10))
                        .atMost(VISIBLE_WITHIN)
                        .untilAsserted(() -> given().header("Authorization", Tokens.bearer(token))
                                .get("/v1/users/{id}/activity", user)
                                .then()
                                .statusCode(200)
                                .body("recentItems.itemId", hasItem(item)));
                latenciesMs.add((System.nanoTime() - start) / 1_000_000);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                missing.add(user + " after " + (System.nanoTime() - start) / 1_000_000 + " ms");
            }
        }
        latenciesMs.sort(null);
        if (!latenciesMs.isEmpty()) {
            System.out.printf(
                    "post-to-visible over %d events: p50 %d ms, max %d ms%n",
                    latenciesMs.size(), latenciesMs.get(latenciesMs.size() / 2), latenciesMs.getLast());
        }
        org.junit.jupiter.api.Assertions.assertEquals(List.of(), missing, "events never visible");
    }

    @Test
    void shouldCountTheSameEventIdOnce() {
        String token = Tokens.storefront();
        String user = "dup-" + UUID.randomUUID();
        String event = Events.event("evt-" + UUID.randomUUID(), "add_to_cart", user, "item-9");
        post(token, event);
        post(token, event);
        post(token, "[" + event + "," + event + "]");
        post(token, Events.view(user, "item-10"));
        Awaitility.await()
                .atMost(VISIBLE_WITHIN)
                .untilAsserted(() -> given().header("Authorization", Tokens.bearer(token))
                        .get("/v1/users/{id}/activity", user)
                        .then()
                        .statusCode(200)
                        .body("counts.view", equalTo(1))
                        .body("counts.add_to_cart", equalTo(1))
                        .body("version", equalTo(2)));
    }

    @Test
    void shouldAnswer404ForAnUnknownShopper() {
        given().header("Authorization", Tokens.bearer(Tokens.storefront()))
                .get("/v1/users/{id}/activity", "nobody-" + UUID.randomUUID())
                .then()
                .statusCode(404)
                .contentType(ContentType.JSON)
                .body("code", equalTo("not_found"));
    }

    private static void post(String token, String body) {
        given().header("Authorization", Tokens.bearer(token))
                .contentType(ContentType.JSON)
                .body(body)
                .post("/v1/events")
                .then()
                .statusCode(202);
    }

    private static void activity(String token, String user, int status) {
        given().header("Authorization", Tokens.bearer(token))
                .get("/v1/users/{id}/activity", user)
                .then()
                .statusCode(status);
    }
}
