package dev.lodestone.platform.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.redis.client.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of every script in {@code src/main/resources/lua/}, run against the engine's real
 * Redis under keys of this test's own.
 */
@QuarkusTest
class LuaScriptsTest {

    private static final Duration REPLY_WITHIN = Duration.ofSeconds(30);

    @Inject
    ReactiveRedisDataSource reactive;

    @Inject
    RedisDataSource redis;

    private String prefix;

    @BeforeEach
    void freshKeys() {
        prefix = RedisKeys.PREFIX + "test:" + UUID.randomUUID() + ":";
    }

    @Test
    void shouldWriteANewerVersionAndRefuseAnOlderOrEqualOne() {
        LuaScript script = LuaScript.load("versioned-compare-and-set");
        String key = prefix + "doc";

        assertEquals(1, run(script, List.of(key), "5", "{\"v\":5}").toInteger());
        assertEquals(0, run(script, List.of(key), "4", "{\"v\":4}").toInteger());
        assertEquals(0, run(script, List.of(key), "5", "{\"again\":5}").toInteger());
        assertEquals(1, run(script, List.of(key), "6", "{\"v\":6}").toInteger());

        assertEquals("6", redis.hash(String.class).hget(key, "v"));
        assertEquals("{\"v\":6}", redis.hash(String.class).hget(key, "d"));
    }

    @Test
    void shouldForgetADocumentAndRefuseOnlyThoseBuiltBeforeTheForget() {
        LuaScript write = LuaScript.load("forgettable-compare-and-set");
        LuaScript forget = LuaScript.load("forgettable-forget");
        List<String> keys = List.of(prefix + "profile", prefix + "forgotten");
        assertEquals(1, run(write, keys, "10", "{\"p\":10}", "1000", "0").toInteger());

        assertEquals(1, run(forget, keys, "2000", "3600").toInteger());
        assertFalse(redis.key().exists(keys.get(0)), "the document is deleted");
        assertEquals("2000", redis.value(String.class).get(keys.get(1)));
        long markerTtl = redis.key().ttl(keys.get(1));
        assertTrue(markerTtl > 0 && markerTtl <= 3600, "the marker expires: " + markerTtl);

        assertEquals(0, run(write, keys, "15", "{\"p\":15}", "1500", "0").toInteger(), "no resurrection");
        assertEquals(1, run(write, keys, "1", "{\"p\":1}", "3000", "0").toInteger(), "built after the forget");
        assertEquals("{\"p\":1}", redis.hash(String.class).hget(keys.get(0), "d"));

        assertEquals(0, run(forget, keys, "1500", "3600").toInteger(), "an older forget keeps the newer document");
        assertEquals("2000", redis.value(String.class).get(keys.get(1)), "and the newer marker");
    }

    @Test
    void shouldTakeTheNextLifeOfAShopperWhoseForgetNeverReachedTheProjection() {
        LuaScript write = LuaScript.load("forgettable-compare-and-set");
        List<String> keys = List.of(prefix + "activity", prefix + "forgotten");
        assertEquals(1, run(write, keys, "2", "{\"life\":1}", "1000", "0").toInteger());

        assertEquals(1, run(write, keys, "1", "{\"life\":2}", "3000", "0").toInteger(), "version 1 again, later");
        assertEquals(0, run(write, keys, "2", "{\"life\":1}", "1000", "0").toInteger(), "the old life, late");
        assertEquals(0, run(write, keys, "1", "{\"again\":2}", "3000", "0").toInteger(), "a redelivery");
        assertEquals(
                1, run(write, keys, "2", "{\"life\":2,\"v\":2}", "3000", "0").toInteger(), "same time, newer");
        assertEquals("{\"life\":2,\"v\":2}", redis.hash(String.class).hget(keys.get(0), "d"));
    }

    @Test
    void shouldExpireADocumentAtItsNewestEventPlusTheRetention() {
        LuaScript write = LuaScript.load("forgettable-compare-and-set");
        List<String> keys = List.of(prefix + "activity", prefix + "forgotten");
        long inAnHour = System.currentTimeMillis() / 1000 + 3600;

        assertEquals(
                1, run(write, keys, "1", "{}", "1000", String.valueOf(inAnHour)).toInteger());
        long ttl = redis.key().ttl(keys.get(0));
        assertTrue(ttl > 3500 && ttl <= 3600, "expires with inactivity: " + ttl);

        assertEquals(1, run(write, keys, "2", "{}", "2000", "0").toInteger());
        assertEquals(-1, redis.key().ttl(keys.get(0)), "0 keeps it");

        assertEquals(1, run(write, keys, "3", "{}", "3000", "1").toInteger());
        assertFalse(redis.key().exists(keys.get(0)), "a document past its retention is not kept");
    }

    @Test
    void shouldListASellableItemAndMoveItBetweenCategoryIndexes() {
        LuaScript script = LuaScript.load("catalog-index");
        String index = prefix + "{index}";
        String categories = index + "~category";

        assertEquals(
                1L,
                run(script, List.of(index, categories, index + ":books"), "i1", "100", "1", "books", "")
                        .toLong());
        assertEquals(List.of("i1"), redis.sortedSet(String.class).zrange(index, 0, -1));
        assertEquals(List.of("i1"), redis.sortedSet(String.class).zrange(index + ":books", 0, -1));

        assertEquals(
                -1L,
                run(script, List.of(index, categories, index + ":toys"), "i1", "200", "1", "toys", "")
                        .toLong(),
                "the category read is no longer the stored one");
        run(script, List.of(index, categories, index + ":toys", index + ":books"), "i1", "200", "1", "toys", "books");
        assertEquals(List.of(), redis.sortedSet(String.class).zrange(index + ":books", 0, -1));
        assertEquals(List.of("i1"), redis.sortedSet(String.class).zrange(index + ":toys", 0, -1));
        assertEquals(200.0, redis.sortedSet(String.class).zscore(index, "i1").getAsDouble());

        run(script, List.of(index, categories, index + ":toys", index + ":toys"), "i1", "300", "0", "toys", "toys");
        assertEquals(List.of(), redis.sortedSet(String.class).zrange(index, 0, -1), "unsellable: not listed");
        assertEquals(List.of(), redis.sortedSet(String.class).zrange(index + ":toys", 0, -1));
        assertNull(redis.hash(String.class).hget(categories, "i1"));

        run(script, List.of(index, categories), "i1", "400", "0", "", "");
        assertEquals(List.of(), redis.sortedSet(String.class).zrange(index, 0, -1), "deleted");
    }

    @Test
    void shouldKeepTheTopEntriesAndNeverLowerAScore() {
        LuaScript script = LuaScript.load("trending-add");
        List<String> keys = List.of(prefix + "global", prefix + "books");

        run(script, keys, "2", "1", "1.0", "a", "1", "1.0", "a");
        run(script, keys, "2", "1", "3.0", "b", "1", "3.0", "b");
        run(script, keys, "2", "1", "2.0", "c", "1", "2.0", "c");
        run(script, keys, "2", "1", "0.5", "b", "1", "0.5", "b");

        for (String key : keys) {
            assertEquals(List.of("c", "b"), redis.sortedSet(String.class).zrange(key, 0, -1));
            assertEquals(3.0, redis.sortedSet(String.class).zscore(key, "b").getAsDouble());
        }
    }

    @Test
    void shouldRaiseManyItemsOfSeveralListsInOneRunAsOneAtATime() {
        LuaScript script = LuaScript.load("trending-add");
        String global = prefix + "global";
        String books = prefix + "books";
        String toys = prefix + "toys";

        run(
                script,
                List.of(global, books, toys),
                "2",
                "4",
                "1.0",
                "a",
                "3.0",
                "b",
                "2.0",
                "c",
                "0.5",
                "b",
                "2",
                "1.0",
                "a",
                "2.0",
                "c",
                "2",
                "3.0",
                "b",
                "0.5",
                "b");

        assertEquals(List.of("c", "b"), redis.sortedSet(String.class).zrange(global, 0, -1));
        assertEquals(List.of("a", "c"), redis.sortedSet(String.class).zrange(books, 0, -1));
        assertEquals(List.of("b"), redis.sortedSet(String.class).zrange(toys, 0, -1));
        assertEquals(3.0, redis.sortedSet(String.class).zscore(toys, "b").getAsDouble(), "never lowered");
    }

    @Test
    void shouldRecordALedgerEntryOnceAndMoveTheBalanceOnlyForward() {
        LuaScript script = LuaScript.load("points-apply-entry");
        String balance = prefix + "balance";
        String history = prefix + "history";
        List<String> keys = List.of(balance, history);

        assertEquals(
                1,
                run(script, keys, "1", "{\"balance\":10}", "{\"version\":1}", "2")
                        .toInteger());
        assertEquals(
                0,
                run(script, keys, "1", "{\"balance\":10}", "{\"version\":1}", "2")
                        .toInteger());
        assertEquals(1, redis.sortedSet(String.class).zcard(history), "a redelivery adds nothing");

        assertEquals(
                1,
                run(script, keys, "3", "{\"balance\":30}", "{\"version\":3}", "2")
                        .toInteger());
        assertEquals(
                0,
                run(script, keys, "2", "{\"balance\":20}", "{\"version\":2}", "2")
                        .toInteger());

        assertEquals("{\"balance\":30}", redis.hash(String.class).hget(balance, "d"));
        assertEquals(
                List.of("{\"version\":2}", "{\"version\":3}"),
                redis.sortedSet(String.class).zrange(history, 0, -1),
                "the history keeps the newest entries");
    }

    @Test
    void shouldForgetAShoppersPointsAndRefuseEntriesMadeBeforeTheForget() {
        LuaScript apply = LuaScript.load("points-apply-entry");
        LuaScript forget = LuaScript.load("points-forget");
        String balance = prefix + "balance";
        String history = prefix + "history";
        String marker = prefix + "forgotten";
        List<String> keys = List.of(balance, history, marker);
        run(apply, keys, "1", "{\"balance\":10}", "{\"version\":1}", "10", "1000", "0");
        run(apply, keys, "2", "{\"balance\":30}", "{\"version\":2}", "10", "1100", "0");

        assertEquals(2, run(forget, keys, "2000", "3600").toInteger());
        assertFalse(redis.key().exists(balance));
        assertFalse(redis.key().exists(history));
        assertEquals(
                0,
                run(apply, keys, "2", "{\"balance\":30}", "{\"version\":2}", "10", "1100", "0")
                        .toInteger(),
                "an entry made before the forget, delivered late");
        assertFalse(redis.key().exists(history), "adds nothing to the history either");

        long inAnHour = System.currentTimeMillis() / 1000 + 3600;
        assertEquals(
                1,
                run(apply, keys, "1", "{\"balance\":5}", "{\"version\":1}", "10", "3000", String.valueOf(inAnHour))
                        .toInteger(),
                "the new account after the forget");
        assertEquals("{\"balance\":5}", redis.hash(String.class).hget(balance, "d"));
        assertTrue(redis.key().ttl(history) > 3500, "both keys expire with inactivity when asked");
        assertEquals(0, run(forget, keys, "2000", "3600").toInteger(), "a replayed forget keeps the new account");
    }

    @Test
    void shouldKeepTheFirstFingerprintOfAnIdempotencyKey() {
        LuaScript script = LuaScript.load("points-remember-fingerprint");
        String key = prefix + "idem";

        assertEquals("fp-1", run(script, List.of(key), "fp-1", "600").toString());
        assertEquals("fp-1", run(script, List.of(key), "fp-2", "600").toString());
        long ttl = redis.key().ttl(key);
        assertTrue(ttl > 0 && ttl <= 600, "remembered for the retention: " + ttl);
    }

    @Test
    void shouldSendTheScriptWhenRedisDoesNotKnowItsSha() {
        LuaScript script = LuaScript.load("versioned-compare-and-set");
        redis.execute("SCRIPT", "FLUSH");

        assertEquals(1, run(script, List.of(prefix + "doc"), "1", "{}").toInteger());
    }

    @Test
    void shouldFailAtLoadingForAScriptThatDoesNotExist() {
        assertThrows(IllegalStateException.class, () -> LuaScript.load("no-such-script"));
    }

    private Response run(LuaScript script, List<String> keys, String... args) {
        return script.run(reactive, keys, List.of(args)).await().atMost(REPLY_WITHIN);
    }
}
