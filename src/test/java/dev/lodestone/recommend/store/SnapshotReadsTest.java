package dev.lodestone.recommend.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lodestone.catalog.CatalogKeys;
import dev.lodestone.profile.ProfileKeys;
import dev.lodestone.recommend.RecommendationRequest;
import dev.lodestone.recommend.RecommendationSnapshot;
import dev.lodestone.similarity.SimilarityKeys;
import dev.lodestone.trending.TrendingKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What one recommendation reads from Redis, against the engine's real Redis under ids of this test's own. */
@QuarkusTest
class SnapshotReadsTest {

    private static final Duration REPLY_WITHIN = Duration.ofSeconds(30);

    @Inject
    ReactiveRedisDataSource reactive;

    @Inject
    RedisDataSource redis;

    private String id;

    @BeforeEach
    void freshIds() {
        id = UUID.randomUUID().toString();
    }

    private String neighbours(String itemId) {
        return "{\"itemId\":\"" + itemId + "\",\"count\":1,\"neighbours\":[{\"itemId\":\"n-" + itemId
                + "\",\"together\":1,\"next\":0}],\"version\":1}";
    }

    @Test
    void shouldReadProfileNeighboursTrendingAndNewest() {
        String shopper = "u:ann-" + id;
        String books = "books-" + id;
        String toys = "toys-" + id;
        String garden = "garden-" + id;
        redis.hash(String.class)
                .hset(
                        ProfileKeys.profile(shopper),
                        Map.of(
                                "v",
                                "1",
                                "d",
                                "{\"recent\":[{\"itemId\":\"r1-" + id + "\"},{\"itemId\":\"r2-" + id + "\"}],"
                                        + "\"categories\":{\"" + books + "\":5,\"" + books + "/novels\":9,\"" + toys
                                        + "\":3,\"" + garden + "\":1}}"));
        redis.hash(String.class).hset(SimilarityKeys.neighbours("r1-" + id), "d", neighbours("r1-" + id));
        redis.hash(String.class).hset(SimilarityKeys.neighbours("ctx-" + id), "d", neighbours("ctx-" + id));
        redis.sortedSet(String.class).zadd(TrendingKeys.trending(books), Map.of("b1-" + id, 4.0));
        redis.sortedSet(String.class).zadd(TrendingKeys.trending(toys), Map.of("y1-" + id, 1.0));
        redis.sortedSet(String.class).zadd(TrendingKeys.trending(garden), Map.of("g1-" + id, 1.0));
        redis.sortedSet(String.class).zadd(TrendingKeys.trending(), Map.of("t1-" + id, 1e9));

        SnapshotReads reads = new SnapshotReads(reactive, Map.of(), 1000, 40);
        RecommendationSnapshot all = reads.read(
                        new RecommendationRequest(shopper, List.of("ctx-" + id), 10, null, null, null, Set.of(), false),
                        10)
                .await()
                .atMost(REPLY_WITHIN);
        assertNotNull(all.profile());
        assertEquals(
                Set.of("ctx-" + id, "r1-" + id), all.neighbours().keySet(), "a source without neighbours is left out");
        assertTrue(all.trending().stream().anyMatch(e -> e.itemId().equals("t1-" + id)));
        assertEquals(
                List.of("b1-" + id),
                all.trendingByCategory().get(books).stream()
                        .map(e -> e.itemId())
                        .toList());
        assertEquals(4.0, all.trendingByCategory().get(books).get(0).logScore());
        assertTrue(all.trendingByCategory().containsKey(toys), "the profile's second top-level category");
        assertFalse(all.trendingByCategory().containsKey(garden), "only the top two");

        RecommendationSnapshot similar = reads.read(
                        new RecommendationRequest(null, List.of("ctx-" + id), 10, null, null, null, Set.of(), true), 10)
                .await()
                .atMost(REPLY_WITHIN);
        assertEquals(Set.of("ctx-" + id), similar.neighbours().keySet());
        assertTrue(similar.trending().isEmpty(), "similar items read no trending list");
        assertTrue(similar.newest().isEmpty());
    }

    @Test
    void shouldReadTheNewestItemsOfTheRequestedCategory() {
        String toys = "toys-" + id;
        redis.sortedSet(String.class).zadd(CatalogKeys.catalogIndex(toys), Map.of("old-" + id, 1.0, "new-" + id, 2.0));
        redis.sortedSet(String.class).zadd(TrendingKeys.trending(toys), Map.of("y1-" + id, 1.0));

        RecommendationSnapshot snapshot = new SnapshotReads(reactive, Map.of(), 1000, 40)
                .read(new RecommendationRequest(null, List.of(), 10, toys + "/cars", null, null, Set.of(), false), 10)
                .await()
                .atMost(REPLY_WITHIN);
        assertEquals(List.of("new-" + id, "old-" + id), snapshot.newest());
        assertEquals(Set.of(toys), snapshot.trendingByCategory().keySet());
    }
}
