package dev.lodestone.recommend;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lodestone.support.Tokens;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A storefront asking while Redis is stalled (the real embedded server, paused with SIGSTOP) gets a
 * full list of popular or new items labelled {@code fallback}, not an error; {@code /similar} and
 * {@code /trending}, answered from memory, are not affected.
 */
@QuarkusTest
class RecommendationFallbackTest {

    private static final String CATEGORY = "fb-" + UUID.randomUUID();
    private static final List<String> ITEMS = List.of("fb-item-1", "fb-item-2", "fb-item-3");
    private static final Duration SETTLE = Duration.ofSeconds(60);
    private static final Pattern PROCESS_ID = Pattern.compile("process_id:(\\d+)");

    @Inject
    RedisDataSource redis;

    @Inject
    CircuitBreakerMaintenance circuitBreakers;

    @Test
    void shouldAnswerFallbackItemsWhileRedisIsStalled() throws Exception {
        String marketer = Tokens.marketer();
        for (String id : ITEMS) {
            given().header("Authorization", Tokens.bearer(marketer))
                    .contentType(ContentType.JSON)
                    .body("{\"title\":\"" + id + "\",\"category\":\"" + CATEGORY + "/sub\",\"price\":10.0,"
                            + "\"currency\":\"CNY\",\"stock\":5,\"available\":true}")
                    .put("/v1/catalog/items/{id}", id)
                    .then()
                    .statusCode(200);
        }
        String token = Tokens.storefront();
        // Served from Redis first: the items are in the newest-items index and in the in-process catalog.
        Awaitility.await()
                .atMost(SETTLE)
                .untilAsserted(() -> assertEquals(
                        Set.copyOf(ITEMS), Set.copyOf(recommendations(token).getList("items.itemId"))));

        long pid = redisPid();
        signal("STOP", pid);
        try {
            JsonPath list = recommendations(token);
            List<String> ids = list.getList("items.itemId");
            assertFalse(ids.isEmpty(), "a fallback list is never empty while the catalog has items");
            assertTrue(ITEMS.containsAll(ids), "only items of the requested category: " + ids);
            assertEquals(Set.of("fallback"), Set.copyOf(list.getList("items.reason.type")));

            // Neighbours and trending lists are in memory: neither needs Redis, so neither falls back.
            given().header("Authorization", Tokens.bearer(token))
                    .get("/v1/items/{id}/similar", ITEMS.getFirst())
                    .then()
                    .statusCode(200);
            JsonPath trending = given().header("Authorization", Tokens.bearer(token))
                    .queryParam("category", CATEGORY)
                    .get("/v1/trending")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            assertFalse(trending.getList("items.reason.type").contains("fallback"));

            String metrics =
                    given().get("/q/metrics").then().statusCode(200).extract().asString();
            assertTrue(
                    metrics.lines()
                            .anyMatch(line -> line.startsWith("ft_invocations_total{")
                                    && line.contains("fallback=\"applied\"")
                                    && line.contains("RedisSnapshotSource.fetch")),
                    "fallbacks are counted");
        } finally {
            signal("CONT", pid);
            circuitBreakers.resetAll();
        }

        Awaitility.await()
                .atMost(SETTLE)
                .untilAsserted(() -> assertFalse(
                        recommendations(token).getList("items.reason.type").contains("fallback"),
                        "served from Redis again once it answers"));
    }

    private static JsonPath recommendations(String token) {
        return given().header("Authorization", Tokens.bearer(token))
                .queryParam("category", CATEGORY)
                .get("/v1/users/{userId}/recommendations", "fb-shopper")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private long redisPid() {
        Matcher matcher = PROCESS_ID.matcher(redis.execute("INFO", "server").toString());
        assertTrue(matcher.find(), "INFO server names the process id");
        return Long.parseLong(matcher.group(1));
    }

    private static void signal(String signal, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid))
                .inheritIO()
                .start();
        assertEquals(0, kill.waitFor(), "kill -" + signal + " " + pid);
    }
}
