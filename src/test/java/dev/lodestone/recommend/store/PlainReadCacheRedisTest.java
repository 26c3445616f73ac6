package dev.lodestone.recommend.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lodestone.recommend.RankedItem;
import dev.lodestone.recommend.RecommendKeys;
import dev.lodestone.recommend.store.RedisSnapshotSource.PlainRead;
import dev.lodestone.signals.SignalsKeys;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.hash.HashCommands;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The near cache on the real embedded Redis: whoever writes, deletes or marks a shopper's keys, Redis
 * pushes the change and the next read answers the new state.
 */
@QuarkusTest
class PlainReadCacheRedisTest {

    private static final Duration SETTLE = Duration.ofSeconds(60);

    @Inject
    PlainReadCache cache;

    @Inject
    RedisDataSource redis;

    @Test
    void shouldAnswerEachNewStateOfTheShoppersKeysWrittenByAnotherClient() {
        String shopper = "user:near-" + UUID.randomUUID();
        HashCommands<String, String, String> hashes = redis.hash(String.class);
        Awaitility.await().atMost(SETTLE).until(cache::tracking);

        hashes.hset(RecommendKeys.candidates(shopper), RedisSnapshotSource.PROFILE_FIELD, candidates("item-a"));
        // The push for this very write may arrive after a read has put its marker in: that read is
        // answered but keeps nothing (by design). A read after the push keeps its answer.
        Awaitility.await().atMost(SETTLE).untilAsserted(() -> {
            assertEquals("item-a", first(read(shopper)));
            assertTrue(cache.held().contains(shopper), "the answer is kept");
        });

        hashes.hset(RecommendKeys.candidates(shopper), RedisSnapshotSource.PROFILE_FIELD, candidates("item-b"));
        Awaitility.await().atMost(SETTLE).untilAsserted(() -> assertEquals("item-b", first(read(shopper))));

        hashes.hset(SignalsKeys.notInterestedNow(shopper), "item-b", "x");
        Awaitility.await()
                .atMost(SETTLE)
                .untilAsserted(() -> assertTrue(read(shopper).marks().excluded().contains("item-b")));

        redis.key().del(RecommendKeys.candidates(shopper));
        Awaitility.await()
                .atMost(SETTLE)
                .untilAsserted(() -> assertNull(read(shopper).candidates()));
    }

    @Test
    void shouldHoldAShopperWhoseCandidatesWereWrittenBeforeTheShopperIsAskedFor() {
        String shopper = "user:near-" + UUID.randomUUID();
        Awaitility.await().atMost(SETTLE).until(cache::tracking);

        redis.hash(String.class)
                .hset(RecommendKeys.candidates(shopper), RedisSnapshotSource.PROFILE_FIELD, candidates("item-c"));

        Awaitility.await().atMost(SETTLE).until(() -> cache.held().contains(shopper));
        assertEquals("item-c", first(read(shopper)));
    }

    private PlainRead read(String shopper) {
        return cache.read(shopper).await().atMost(SETTLE);
    }

    private static String first(PlainRead read) {
        return read.candidates().items().getFirst().itemId();
    }

    private static String candidates(String item) {
        return CandidateCodec.encode(
                System.currentTimeMillis(),
                List.of(),
                List.of(new RankedItem(item, 1.0, RankedItem.Reason.of("trending"))));
    }
}
