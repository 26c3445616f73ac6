package dev.lodestone.recommend;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lodestone.catalog.CatalogItem;
import dev.lodestone.catalog.CatalogKeys;
import dev.lodestone.catalog.store.CatalogCache;
import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.profile.ProfileKeys;
import dev.lodestone.profile.ShopperProfile;
import dev.lodestone.recommend.RecommendationSnapshot.TrendingEntry;
import dev.lodestone.recommend.store.CandidateCodec;
import dev.lodestone.recommend.store.ServingSnapshots;
import dev.lodestone.shopper.ShopperEvent;
import dev.lodestone.similarity.NeighbourList;
import dev.lodestone.similarity.SimilarityKeys;
import dev.lodestone.support.Events;
import dev.lodestone.support.Tokens;
import dev.lodestone.trending.TrendingKeys;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Serving reads neighbour lists, trending lists and the newest items from this instance's memory
 * instead of Redis. On the same state both give the same answers: a replayed log of shoppers goes
 * through the engine, then every kind of request is ranked twice by the same {@link Ranker}, once from
 * what the Redis projections hold (read here the way the snapshot script read it) and once from the
 * serving path, and the two must name the same items, in the same order, for the same reasons.
 */
@QuarkusTest
class ServingEquivalenceTest {

    private static final Duration SETTLE = Duration.ofSeconds(90);
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final List<String> CATEGORIES = List.of("eq家电-" + RUN, "eqbooks-" + RUN, "eqtoys-" + RUN);

    @Inject
    RedisDataSource redis;

    @Inject
    ServingSnapshots snapshots;

    @Inject
    CatalogCache catalog;

    @Inject
    RecommendConfig config;

    @Test
    void shouldRankTheSameFromMemoryAsFromTheRedisProjections() throws Exception {
        List<String> items =
                IntStream.range(0, 36).mapToObj(i -> "eq-" + RUN + "-" + i).toList();
        String body = IntStream.range(0, items.size())
                .mapToObj(i -> "{\"itemId\":\"" + items.get(i) + "\",\"title\":\"t\",\"category\":\""
                        + CATEGORIES.get(i % 3) + "/sub" + (i % 2) + "\",\"brand\":\"b" + (i % 4) + "\",\"price\":"
                        + (10 + i) + ",\"currency\":\"CNY\",\"stock\":" + (i % 11 == 5 ? 0 : 3)
                        + ",\"available\":true}")
                .collect(Collectors.joining(",", "{\"items\":[", "]}"));
        given().urlEncodingEnabled(false)
                .header("Authorization", Tokens.bearer(Tokens.marketer()))
                .contentType(ContentType.JSON)
                .body(body)
                .post("/v1/catalog/items:batch")
                .then()
                .statusCode(200)
                .body("accepted", equalTo(items.size()));

        // A replayed log: shoppers browse runs of related items, some cart and buy.
        Random random = new Random(42);
        String token = Tokens.storefront();
        List<String> shoppers = IntStream.range(0, 16)
                .mapToObj(i -> "eq-shopper-" + RUN + "-" + i)
                .toList();
        for (String shopper : shoppers) {
            int at = random.nextInt(items.size());
            for (int step = 0; step < 8; step++) {
                at = random.nextBoolean() ? (at + 1 + random.nextInt(3)) % items.size() : random.nextInt(items.size());
                String item = items.get(at);
                String type = random.nextInt(10) == 0 ? "add_to_cart" : "view";
                post(token, Events.event(UUID.randomUUID().toString(), type, shopper, item));
                if (random.nextInt(20) == 0) {
                    post(token, Events.purchase(UUID.randomUUID().toString(), shopper, item, 10, 1));
                }
            }
        }

        List<RecommendationRequest> requests = new ArrayList<>();
        for (String shopper : shoppers) {
            String key = ShopperEvent.userKey(shopper);
            requests.add(request(key, List.of(), null, false));
            requests.add(request(key, List.of(), CATEGORIES.get(shopper.hashCode() & 1), false));
            requests.add(
                    request(key, List.of(items.get(Math.floorMod(shopper.hashCode(), items.size()))), null, false));
        }
        requests.add(request("u:eq-unknown-" + RUN, List.of(), null, false));
        for (String item : items) {
            requests.add(request(null, List.of(item), null, true));
        }
        requests.add(request(null, List.of(), null, false));
        CATEGORIES.forEach(c -> requests.add(request(null, List.of(), c, false)));

        Ranker ranker = new Ranker(RankerSettings.from(config));
        Ranker similar = new Ranker(RankerSettings.from(config).withIncludeSeen(false));
        Awaitility.await().atMost(SETTLE).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            // Compare a state with similarity in it, not the empty one before anything was projected.
            assertFalse(
                    snapshots
                            .build(
                                    requests.getFirst(),
                                    fromRedis(requests.getFirst(), config.recentSources())
                                            .profile(),
                                    10)
                            .neighbours()
                            .isEmpty(),
                    "the first shopper's recent items have neighbours");
            for (RecommendationRequest request : requests) {
                RecommendationSnapshot fromRedis = fromRedis(request, config.recentSources());
                RecommendationSnapshot served = snapshots.build(request, fromRedis.profile(), config.recentSources());
                String what = request.toString();
                assertEquals(fromRedis.neighbours(), served.neighbours(), what);
                assertEquals(fromRedis.trending(), served.trending(), what);
                assertEquals(fromRedis.trendingByCategory(), served.trendingByCategory(), what);
                assertEquals(fromRedis.newest(), served.newest(), what);
                Ranker chosen = request.similarOnly() ? similar : ranker;
                assertEquals(chosen.rank(request, fromRedis), chosen.rank(request, served), what);
            }
        });
        // Kept candidates: on the same state, the list picked from them is the list ranked on the request.
        for (RecommendationRequest request : requests) {
            if (request.shopperKey() == null || !request.context().isEmpty() || request.category() != null) {
                continue;
            }
            RecommendationSnapshot served = snapshots.build(
                    request, fromRedis(request, config.recentSources()).profile(), config.recentSources());
            assertEquals(
                    ranker.rank(request, served),
                    ranker.pick(
                            ranker.ordered(request, served, config.materialisedCandidates()),
                            catalog.items(),
                            request.limit()),
                    request.toString());
        }
        // And a plain list is served from them: what a shopper gets is picked from the kept value (read
        // again when it changed meanwhile: a shopper is ranked again when a recent item's list appears).
        for (String shopper : shoppers) {
            String key = ShopperEvent.userKey(shopper);
            Awaitility.await()
                    .atMost(SETTLE)
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> {
                        CandidateCodec.Candidates kept = kept(key);
                        assertNotNull(kept, shopper + " has kept candidates");
                        List<String> served = given().header("Authorization", Tokens.bearer(Tokens.storefront()))
                                .get("/v1/users/" + shopper + "/recommendations?limit=20")
                                .then()
                                .statusCode(200)
                                .extract()
                                .jsonPath()
                                .getList("items.itemId", String.class);
                        assertEquals(kept.items(), kept(key).items(), "unchanged while served");
                        if (kept.missingSources().stream().noneMatch(snapshots::hasNeighbours)) {
                            List<String> expected = ranker
                                    .pick(
                                            kept.items().stream()
                                                    .filter(i -> catalog.items()
                                                            .get(i.itemId())
                                                            .sellable())
                                                    .toList(),
                                            catalog.items(),
                                            20)
                                    .stream()
                                    .map(RankedItem::itemId)
                                    .toList();
                            assertEquals(expected, served, shopper);
                        }
                    });
        }
        // Kept candidates that aged past materialised-max-age are ranked on the request and written back,
        // so the shopper's next requests pick from them again instead of ranking each time.
        String returning = ShopperEvent.userKey(shoppers.getFirst());
        String stored = redis.hash(String.class).hget(RecommendKeys.candidates(returning), "d");
        String[] header = stored.substring(0, stored.indexOf('\n')).split("\t", -1);
        long aged = System.currentTimeMillis() - config.materialisedMaxAge().toMillis() - 60_000;
        redis.hash(String.class)
                .hset(
                        RecommendKeys.candidates(returning),
                        "d",
                        header[0] + "\t" + aged + "\t" + header[2] + stored.substring(stored.indexOf('\n')));
        assertEquals(aged, kept(returning).computedAtMillis());
        long before = System.currentTimeMillis();
        given().header("Authorization", Tokens.bearer(Tokens.storefront()))
                .get("/v1/users/" + shoppers.getFirst() + "/recommendations?limit=20")
                .then()
                .statusCode(200);
        Awaitility.await()
                .atMost(SETTLE)
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() ->
                        assertTrue(kept(returning).computedAtMillis() >= before, "ranked again and written back"));
        // The comparison is not empty: the shoppers got similarity-based lists.
        RecommendationSnapshot first = snapshots.build(
                requests.getFirst(),
                fromRedis(requests.getFirst(), config.recentSources()).profile(),
                10);
        assertFalse(first.neighbours().isEmpty(), "the first shopper's recent items have neighbours");
    }

    private CandidateCodec.Candidates kept(String shopperKey) {
        return CandidateCodec.decode(redis.hash(String.class).hget(RecommendKeys.candidates(shopperKey), "d"));
    }

    private static RecommendationRequest request(
            String shopperKey, List<String> context, String category, boolean similarOnly) {
        return new RecommendationRequest(shopperKey, context, 20, category, null, null, Set.of(), similarOnly);
    }

    /**
     * The snapshot as the Redis projections hold it, read the way the serving script did: the profile,
     * the neighbour lists of the context and recent items, the trending lists and the newest-items index.
     */
    private RecommendationSnapshot fromRedis(RecommendationRequest request, int recentSources) throws Exception {
        ShopperProfile profile = null;
        if (request.shopperKey() != null) {
            String json = redis.hash(String.class).hget(ProfileKeys.profile(request.shopperKey()), "d");
            profile = json == null ? null : JsonSerde.MAPPER.readValue(json, ShopperProfile.class);
        }
        List<String> sources = new ArrayList<>(request.context());
        if (profile != null) {
            profile.recent().stream().limit(recentSources).forEach(r -> sources.add(r.itemId()));
        }
        Map<String, NeighbourList> neighbours = new HashMap<>();
        for (String id : sources) {
            String json = redis.hash(String.class).hget(SimilarityKeys.neighbours(id), "d");
            if (json != null && !neighbours.containsKey(id)) {
                neighbours.put(id, JsonSerde.MAPPER.readValue(json, NeighbourList.class));
            }
        }
        if (request.similarOnly()) {
            return new RecommendationSnapshot(profile, neighbours, List.of(), Map.of(), List.of(), catalog.items());
        }
        List<String> tops = new ArrayList<>();
        if (request.category() != null) {
            tops.add(CatalogItem.topCategory(request.category()));
        } else if (profile != null) {
            profile.categories().entrySet().stream()
                    .filter(e -> !e.getKey().contains(CatalogItem.CATEGORY_SEPARATOR) && e.getValue() > -1)
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .limit(2)
                    .forEach(e -> tops.add(e.getKey()));
        }
        Map<String, List<TrendingEntry>> byCategory = new LinkedHashMap<>();
        for (String top : tops) {
            byCategory.put(top, trending(TrendingKeys.trending(top)));
        }
        String index = request.category() == null
                ? CatalogKeys.catalogIndex()
                : CatalogKeys.catalogIndex(CatalogItem.topCategory(request.category()));
        List<String> newest = new ArrayList<>();
        Response ids = redis.execute("ZREVRANGE", index, "0", String.valueOf(config.catalogCandidates() - 1));
        for (int i = 0; i < ids.size(); i++) {
            newest.add(ids.get(i).toString());
        }
        return new RecommendationSnapshot(
                profile, neighbours, trending(TrendingKeys.trending()), byCategory, newest, catalog.items());
    }

    private List<TrendingEntry> trending(String key) {
        Response reply =
                redis.execute("ZREVRANGE", key, "0", String.valueOf(config.trendingCandidates() - 1), "WITHSCORES");
        List<TrendingEntry> entries = new ArrayList<>();
        if (reply.size() > 0 && reply.get(0).type() == ResponseType.MULTI) {
            // RESP3: one [member, score] pair per entry.
            for (int i = 0; i < reply.size(); i++) {
                entries.add(new TrendingEntry(
                        reply.get(i).get(0).toString(), reply.get(i).get(1).toDouble()));
            }
            return entries;
        }
        for (int i = 0; i + 1 < reply.size(); i += 2) {
            entries.add(new TrendingEntry(
                    reply.get(i).toString(), Double.parseDouble(reply.get(i + 1).toString())));
        }
        return entries;
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
