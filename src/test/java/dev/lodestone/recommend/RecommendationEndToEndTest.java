package dev.lodestone.recommend;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lodestone.catalog.store.CatalogCache;
import dev.lodestone.support.Events;
import dev.lodestone.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Catalog → events → Streams → Redis → recommendations, on the real embedded broker and Redis, as
 * a storefront would use it. One app start for every scenario; the catalog is loaded once.
 */
@QuarkusTest
class RecommendationEndToEndTest {

    /** What serving reads the catalog from (not the Redis copy that GET /v1/catalog/items reads). */
    @Inject
    CatalogCache catalog;

    private static final String ELECTRONICS = "电子产品";
    private static final String A = "rt-phone-a";
    private static final String B = "rt-case-b";
    private static final String OUT_OF_STOCK = "rt-oos";
    private static final String UNAVAILABLE = "rt-off";
    private static final String DELETED = "rt-deleted";
    /** A correctness bound for eventual results on a loaded machine; latency is the benchmark's business. */
    private static final Duration SETTLE = Duration.ofSeconds(60);

    /** itemId → {category, price}. */
    private static final Map<String, Object[]> CATALOG = new LinkedHashMap<>();

    private static volatile boolean loaded;

    static {
        CATALOG.put(A, new Object[] {ELECTRONICS + "/手机", 299.0});
        CATALOG.put(B, new Object[] {ELECTRONICS + "/手机/配件", 49.0});
        for (int i = 0; i < 20; i++) {
            CATALOG.put("rt-elec-" + i, new Object[] {ELECTRONICS + (i % 2 == 0 ? "/电脑" : "/手机"), 100.0 + 20 * i});
        }
        for (int i = 0; i < 20; i++) {
            CATALOG.put("rt-shirt-" + i, new Object[] {"服装/上衣", 50.0 + 10 * i});
        }
        for (int i = 0; i < 10; i++) {
            CATALOG.put("rt-book-" + i, new Object[] {"图书", 20.0 + 5 * i});
        }
        CATALOG.put(OUT_OF_STOCK, new Object[] {ELECTRONICS + "/手机", 199.0});
        CATALOG.put(UNAVAILABLE, new Object[] {ELECTRONICS + "/手机", 199.0});
        CATALOG.put(DELETED, new Object[] {ELECTRONICS + "/手机", 199.0});
    }

    @Test
    void shouldRecommendWhatBuyersOfAAlsoBoughtToShoppersWhoViewA() {
        loadCatalog();
        String token = Tokens.storefront();
        for (int i = 0; i < 8; i++) {
            String buyer = "rt-buyer-" + i + "-" + UUID.randomUUID();
            post(token, Events.purchase(UUID.randomUUID().toString(), buyer, A, 299.0, 1));
            post(token, Events.purchase(UUID.randomUUID().toString(), buyer, B, 49.0, 1));
            post(token, Events.view(buyer, "rt-shirt-" + i));
        }
        Awaitility.await()
                .atMost(SETTLE)
                .untilAsserted(() -> assertEquals(B, similar(token, A).getString("items[0].itemId")));

        List<Long> latencies = new ArrayList<>();
        // The first new shopper warms the profile path (JIT, first transaction on its partition); the
        // figures printed below describe the others.
        for (int i = -1; i < 5; i++) {
            String shopper = "rt-new-" + i + "-" + UUID.randomUUID();
            long start = System.nanoTime();
            post(token, Events.view(shopper, A));
            Awaitility.await()
                    .pollInterval(Duration.ofMillis(10))
                    .atMost(SETTLE)
                    .untilAsserted(() -> {
                        JsonPath recs = recommendations(token, shopper, "limit=5");
                        List<String> ids = recs.getList("items.itemId");
                        int at = ids.indexOf(B);
                        assertTrue(at >= 0, "B in the top 5: " + ids);
                        assertEquals("similar", recs.getString("items[" + at + "].reason.type"));
                        assertEquals(A, recs.getString("items[" + at + "].reason.because"));
                        assertTrue(recs.getInt("items[" + at + "].reason.together") >= 1);
                    });
            if (i >= 0) {
                latencies.add((System.nanoTime() - start) / 1_000_000);
            }
        }
        latencies.sort(null);

        // The instance that took a shopper's event answers their next list with it at once (OwnEvents),
        // and the same once the profile, through the pipeline, shows it.
        String next = "rt-next-" + UUID.randomUUID();
        post(token, Events.view(next, A));
        assertSimilarBecauseA(recommendations(token, next, "limit=5"));
        Awaitility.await()
                .atMost(SETTLE)
                .untilAsserted(
                        () -> assertEquals(List.of(A), profile(token, next).getList("recent")));
        assertSimilarBecauseA(recommendations(token, next, "limit=5"));

        System.out.printf(
                "view-to-recommendation over %d shoppers: p50 %d ms, max %d ms%n",
                latencies.size(), latencies.get(latencies.size() / 2), latencies.getLast());
    }

    @Test
    void shouldGiveANewShopperAFullListAndHonourTheCategoryFilter() {
        loadCatalog();
        String token = Tokens.storefront();
        JsonPath cold = recommendations(token, "rt-nobody-" + UUID.randomUUID(), "limit=20");
        assertEquals(20, cold.getList("items").size());
        assertTrue(cold.getString("recommendationId").length() > 0);

        JsonPath session = given().header("Authorization", Tokens.bearer(token))
                .contentType(ContentType.JSON)
                .body("{\"sessionId\":\"rt-session-" + UUID.randomUUID() + "\",\"context\":[],\"limit\":20}")
                .post("/v1/recommendations")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(20, session.getList("items").size());

        List<String> books = recommendations(token, "rt-nobody-" + UUID.randomUUID(), "limit=20&category=图书")
                .getList("items.itemId");
        assertEquals(10, books.size(), "every book, and nothing else: " + books);
        assertTrue(books.stream().allMatch(id -> id.startsWith("rt-book-")), books::toString);
    }

    @Test
    void shouldNeverRecommendOutOfStockUnavailableDeletedOrPurchasedItems() {
        loadCatalog();
        String token = Tokens.storefront();
        String shopper = "rt-buyer-filter-" + UUID.randomUUID();
        // Make the forbidden items as popular as possible, and related to what the shopper saw.
        for (String item : List.of(OUT_OF_STOCK, UNAVAILABLE, DELETED)) {
            for (int i = 0; i < 3; i++) {
                String other = "rt-fan-" + UUID.randomUUID();
                post(token, Events.view(other, "rt-elec-1"));
                post(token, Events.view(other, item));
            }
        }
        post(token, Events.purchase(UUID.randomUUID().toString(), shopper, "rt-elec-2", 140.0, 1));
        post(token, Events.view(shopper, "rt-elec-1"));
        given().header("Authorization", Tokens.bearer(Tokens.marketer()))
                .delete("/v1/catalog/items/{id}", DELETED)
                .then()
                .statusCode(204);
        Awaitility.await()
                .atMost(SETTLE)
                .untilAsserted(() -> given().header("Authorization", Tokens.bearer(token))
                        .get("/v1/catalog/items/{id}", DELETED)
                        .then()
                        .statusCode(404));
        Awaitility.await().atMost(SETTLE).untilAsserted(() -> {
            assertEquals(
                    5,
                    recommendations(token, shopper, "limit=5")
                            .getList("items.itemId")
                            .size());
            JsonPath profile = profile(token, shopper);
            assertTrue(profile.getList("purchased").contains("rt-elec-2"), profile.prettify());
            // The view was posted after the purchase and may land in a later commit of the profile.
            assertTrue(profile.getList("recent").contains("rt-elec-1"), profile.prettify());
            // Serving filters with the in-process catalog, which follows the topic on its own.
            assertFalse(catalog.items().containsKey(DELETED), "the serving catalog still has " + DELETED);
        });

        List<String> ids = recommendations(token, shopper, "limit=100").getList("items.itemId");
        assertFalse(ids.isEmpty());
        for (String forbidden : List.of(OUT_OF_STOCK, UNAVAILABLE, DELETED, "rt-elec-2")) {
            assertFalse(ids.contains(forbidden), forbidden + " in " + ids);
        }
        assertFalse(ids.contains("rt-elec-1"), "the item just seen is not recommended by default");
    }

    @Test
    void shouldHonourExcludeAndThePriceRange() {
        loadCatalog();
        String token = Tokens.storefront();
        String shopper = "rt-nobody-" + UUID.randomUUID();
        List<String> first = recommendations(token, shopper, "limit=5").getList("items.itemId");
        List<String> excluded = recommendations(token, shopper, "limit=20&exclude=" + String.join(",", first))
                .getList("items.itemId");
        assertEquals(20, excluded.size());
        assertTrue(excluded.stream().noneMatch(first::contains), excluded + " vs " + first);

        List<String> priced = recommendations(token, shopper, "limit=20&minPrice=100&maxPrice=200")
                .getList("items.itemId");
        assertFalse(priced.isEmpty());
        for (String id : priced) {
            double price = (double) CATALOG.get(id)[1];
            assertTrue(price >= 100 && price <= 200, id + " costs " + price);
        }
    }

    @Test
    void shouldLearnTopCategoryAndPriceRangeFromPurchases() {
        loadCatalog();
        String token = Tokens.storefront();
        String shopper = "rt-electronics-" + UUID.randomUUID();
        for (int i : List.of(0, 3, 6, 9, 12)) {
            double price = (double) CATALOG.get("rt-elec-" + i)[1];
            post(token, Events.purchase(UUID.randomUUID().toString(), shopper, "rt-elec-" + i, price, 1));
        }
        post(token, Events.view(shopper, "rt-book-1"));
        Awaitility.await().atMost(SETTLE).untilAsserted(() -> {
            JsonPath profile = profile(token, shopper);
            assertEquals(6, profile.getList("recent").size());
            assertEquals(ELECTRONICS, profile.getString("categories[0].name"));
            double min = profile.getDouble("priceRange.min");
            double max = profile.getDouble("priceRange.max");
            assertTrue(min >= 100 && max <= 500 && min <= max, "price range " + min + "-" + max);
            assertEquals(5, profile.getList("purchased").size());
        });
    }

    @Test
    void shouldForgetAShopperAndProjectTheirNextEvents() {
        loadCatalog();
        String token = Tokens.storefront();
        String shopper = "rt-forget-" + UUID.randomUUID();
        post(token, Events.purchase(UUID.randomUUID().toString(), shopper, "rt-book-2", 30.0, 1));
        Awaitility.await().atMost(SETTLE).untilAsserted(() -> profile(token, shopper));
        given().header("Authorization", Tokens.bearer(Tokens.shopper(shopper)))
                .delete("/v1/users/{id}", shopper)
                .then()
                .statusCode(202);
        Awaitility.await()
                .atMost(SETTLE)
                .untilAsserted(() -> given().header("Authorization", Tokens.bearer(token))
                        .get("/v1/users/{id}/profile", shopper)
                        .then()
                        .statusCode(404)
                        .body("code", equalTo("not_found")));
        assertEquals(
                20, recommendations(token, shopper, "limit=20").getList("items").size());

        post(token, Events.view(shopper, "rt-shirt-3"));
        Awaitility.await().atMost(SETTLE).untilAsserted(() -> {
            JsonPath profile = profile(token, shopper);
            assertEquals(List.of("rt-shirt-3"), profile.getList("recent"));
            assertEquals(List.of(), profile.getList("purchased"));
        });
    }

    @Test
    void shouldRefuseBadInputWithTheJsonError() {
        loadCatalog();
        String token = Tokens.storefront();
        for (String query : List.of(
                "limit=0",
                "limit=101",
                "limit=x",
                "exclude=a,,b",
                "minPrice=-1",
                "minPrice=10&maxPrice=5",
                "context=" + IntStream.range(0, 51).mapToObj(i -> "i" + i).collect(Collectors.joining(",")))) {
            given().header("Authorization", Tokens.bearer(token))
                    .get("/v1/users/{id}/recommendations?" + query, "rt-someone")
                    .then()
                    .statusCode(400)
                    .contentType(ContentType.JSON)
                    .body("status", equalTo(400));
        }
        given().header("Authorization", Tokens.bearer(token))
                .get("/v1/users/{id}/recommendations", "bad id")
                .then()
                .statusCode(400);
        given().header("Authorization", Tokens.bearer(token))
                .contentType(ContentType.JSON)
                .body("{\"sessionId\":\"s1\",\"context\":["
                        + IntStream.range(0, 51).mapToObj(i -> "\"i" + i + "\"").collect(Collectors.joining(","))
                        + "]}")
                .post("/v1/recommendations")
                .then()
                .statusCode(400);
        given().header("Authorization", Tokens.bearer(token))
                .get("/v1/items/{id}/similar", "rt-no-such-item")
                .then()
                .statusCode(404)
                .body("code", equalTo("not_found"));
        given().header("Authorization", Tokens.bearer(token))
                .get("/v1/users/{id}/profile", "rt-no-such-shopper")
                .then()
                .statusCode(404)
                .body("code", equalTo("not_found"));
        given().header("Authorization", Tokens.bearer(token))
                .get("/v1/catalog/items/{id}", "rt-no-such-item")
                .then()
                .statusCode(404);
        given().header("Authorization", Tokens.bearer(Tokens.marketer()))
                .contentType(ContentType.JSON)
                .body("{\"title\":\"no category\"}")
                .put("/v1/catalog/items/{id}", "rt-invalid")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("category"));
        given().header("Authorization", Tokens.bearer(Tokens.shopper("rt-alice")))
                .get("/v1/users/{id}/recommendations", "rt-bob")
                .then()
                .statusCode(403);
    }

    @Test
    void shouldCountImpressionsAndClicksPerPlacement() {
        loadCatalog();
        String token = Tokens.storefront();
        String shopper = "rt-ctr-" + UUID.randomUUID();
        String recommendationId = recommendations(token, shopper, "limit=3").getString("recommendationId");
        post(token, feedback("impression", shopper, recommendationId, null));
        post(token, feedback("click", shopper, recommendationId, "rt-book-1"));
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("lodestone_recommend_impressions_total{placement=\"rt-home\"} 1.0"), metrics);
        assertTrue(metrics.contains("lodestone_recommend_clicks_total{placement=\"rt-home\"} 1.0"));
        JsonPath trending = given().header("Authorization", Tokens.bearer(token))
                .get("/v1/trending?limit=5&category=" + ELECTRONICS)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertTrue(
                trending.getList("items.itemId", String.class).stream()
                        .allMatch(id -> id.startsWith("rt-elec") || id.equals(A) || id.equals(B)),
                trending.prettify());
    }

    @Test
    void shouldAcceptSeveralFullCatalogBatchesAtOnce() throws Exception {
        String token = Tokens.bearer(Tokens.marketer());
        // Unavailable, so these never show up in other tests' recommendations.
        List<java.util.concurrent.CompletableFuture<Integer>> batches = IntStream.range(0, 4)
                .mapToObj(b ->
                        java.util.concurrent.CompletableFuture.supplyAsync(() -> given().urlEncodingEnabled(false)
                                .header("Authorization", token)
                                .contentType(ContentType.JSON)
                                .body(IntStream.range(0, 500)
                                        .mapToObj(i -> "{\"itemId\":\"bulk-" + b + "-" + i
                                                + "\",\"title\":\"bulk\",\"category\":\"bulk\",\"available\":false}")
                                        .collect(Collectors.joining(",", "{\"items\":[", "]}")))
                                .post("/v1/catalog/items:batch")
                                .then()
                                .statusCode(200)
                                .extract()
                                .<Integer>path("accepted")))
                .toList();
        for (var batch : batches) {
            assertEquals(500, batch.get());
        }
    }

    private static String feedback(String type, String userId, String recommendationId, String itemId) {
        return "{\"eventId\":\"" + UUID.randomUUID() + "\",\"type\":\"" + type + "\",\"userId\":\"" + userId + "\","
                + (itemId == null ? "" : "\"itemId\":\"" + itemId + "\",")
                + "\"recommendationId\":\"" + recommendationId + "\",\"context\":{\"placement\":\"rt-home\"}}";
    }

    private synchronized void loadCatalog() {
        if (loaded) {
            return;
        }
        String items = CATALOG.entrySet().stream()
                .map(e -> {
                    String id = e.getKey();
                    int stock = id.equals(OUT_OF_STOCK) ? 0 : 10;
                    boolean available = !id.equals(UNAVAILABLE);
                    return "{\"itemId\":\"" + id + "\",\"title\":\"" + id + "\",\"category\":\"" + e.getValue()[0]
                            + "\",\"brand\":\"品牌" + (id.hashCode() & 3) + "\",\"price\":" + e.getValue()[1]
                            + ",\"currency\":\"CNY\",\"stock\":" + stock + ",\"available\":" + available
                            + ",\"tags\":[\"t\"],\"attributes\":{\"color\":\"black\"}}";
                })
                .collect(Collectors.joining(",", "{\"items\":[", "]}"));
        // As curl sends it: RestAssured would otherwise escape the ':' of the custom method.
        given().urlEncodingEnabled(false)
                .header("Authorization", Tokens.bearer(Tokens.marketer()))
                .contentType(ContentType.JSON)
                .body(items)
                .post("/v1/catalog/items:batch")
                .then()
                .statusCode(200)
                .body("accepted", equalTo(CATALOG.size()));
        String token = Tokens.storefront();
        Awaitility.await().atMost(SETTLE).untilAsserted(() -> {
            for (String id : CATALOG.keySet()) {
                given().header("Authorization", Tokens.bearer(token))
                        .get("/v1/catalog/items/{id}", id)
                        .then()
                        .statusCode(200)
                        .body("itemId", equalTo(id));
            }
            // Recommendations read the in-process catalog (its own follower of the topic), not Redis.
            assertTrue(
                    catalog.items().keySet().containsAll(CATALOG.keySet()),
                    "the serving catalog lacks items the Redis catalog has");
        });
        loaded = true;
    }

    private static void assertSimilarBecauseA(JsonPath recs) {
        List<String> ids = recs.getList("items.itemId");
        int at = ids.indexOf(B);
        assertTrue(at >= 0, "B in the top 5: " + ids);
        assertEquals("similar", recs.getString("items[" + at + "].reason.type"));
        assertEquals(A, recs.getString("items[" + at + "].reason.because"));
    }

    private static JsonPath recommendations(String token, String userId, String query) {
        return given().header("Authorization", Tokens.bearer(token))
                .get("/v1/users/{id}/recommendations?" + query, userId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private static JsonPath similar(String token, String itemId) {
        return given().header("Authorization", Tokens.bearer(token))
                .get("/v1/items/{id}/similar?limit=5", itemId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private static JsonPath profile(String token, String userId) {
        return given().header("Authorization", Tokens.bearer(token))
                .get("/v1/users/{id}/profile", userId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private static void post(String token, String body) {
        given().header("Authorization", Tokens.bearer(token))
                .contentType(ContentType.JSON)
                .body(body)
                .post("/v1/events")
                .then()
                .statusCode(202);
    }
}
