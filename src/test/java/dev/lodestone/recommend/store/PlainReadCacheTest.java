package dev.lodestone.recommend.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lodestone.recommend.RankedItem;
import dev.lodestone.recommend.RecommendKeys;
import dev.lodestone.recommend.RecommendMetrics;
import dev.lodestone.recommend.store.CandidateCodec.Candidates;
import dev.lodestone.recommend.store.RedisSnapshotSource.PlainRead;
import dev.lodestone.signals.SignalsKeys;
import dev.lodestone.signals.store.NotInterestedStore.Marks;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The near cache's rules, with a counted stand-in for the Redis read and pushes delivered by hand. */
class PlainReadCacheTest {

    private static final String SHOPPER = "user:near-1";

    private final AtomicInteger redisReads = new AtomicInteger();

    private static PlainRead answer(String item) {
        return new PlainRead(
                new Candidates(1L, List.of(), List.of(new RankedItem(item, 1.0, RankedItem.Reason.of("trending")))),
                Marks.NONE,
                true);
    }

    private PlainReadCache cache(Function<String, Uni<PlainRead>> redis) {
        return following(redis, keys -> {
            throw new AssertionError("no batch read without following changes");
        });
    }

    /** A near cache that reads changed shoppers again in batches, counting batches in {@code batchReads}. */
    private PlainReadCache following(
            Function<String, Uni<PlainRead>> redis, Function<List<String>, Uni<List<PlainRead>>> batches) {
        return new PlainReadCache(
                key -> {
                    redisReads.incrementAndGet();
                    return redis.apply(key);
                },
                keys -> {
                    batchReads.incrementAndGet();
                    return batches.apply(keys);
                },
                () -> markerChecks.incrementAndGet() > 0 && refusing
                        ? Uni.createFrom().failure(new IllegalStateException("rebuilding"))
                        : Uni.createFrom().voidItem(),
                null,
                100,
                false,
                true,
                new RecommendMetrics(new SimpleMeterRegistry()),
                null);
    }

    private final AtomicInteger batchReads = new AtomicInteger();

    /** Checks of the projections' marker before a batch; {@link #refusing} makes them fail. */
    private final AtomicInteger markerChecks = new AtomicInteger();

    private volatile boolean refusing;

    private static Uni<List<PlainRead>> each(List<String> keys, Function<String, PlainRead> read) {
        return Uni.createFrom().item(keys.stream().map(read).toList());
    }

    private static PlainRead read(PlainReadCache cache) {
        return cache.read(SHOPPER).await().indefinitely();
    }

    @Test
    void shouldAnswerARepeatedReadFromMemoryWhileNothingChanged() {
        PlainRead stored = answer("item-1");
        PlainReadCache cache = cache(key -> Uni.createFrom().item(stored));
        cache.trackingStarted();

        assertSame(stored, read(cache));
        assertSame(stored, read(cache));
        assertSame(stored, read(cache));

        assertEquals(1, redisReads.get());
    }

    @Test
    void shouldLetTheCopiesWrittenLongestAgoGoPastTheBoundHowEverOftenTheyWereAskedFor() {
        PlainReadCache cache = cache(key -> Uni.createFrom().item(answer("item-" + key)));
        cache.trackingStarted();
        for (int i = 0; i < 50; i++) {
            // Asked for again and again: a hit records nothing (no write to a long-held entry per request).
            cache.read("user:first").await().indefinitely();
        }
        assertEquals(1, redisReads.get());
        for (int i = 0; i < 100; i++) {
            cache.read("user:s" + i).await().indefinitely();
        }

        assertEquals(100, cache.held().size(), "bounded at 100 shoppers");
        assertFalse(cache.held().contains("user:first"), "written first, so the first to go");
        assertTrue(cache.held().contains("user:s0"));
        assertTrue(cache.held().contains("user:s99"));
    }

    @Test
    void shouldReadRedisAgainOnceAKeyOfTheShopperChanged() {
        PlainReadCache cache = cache(key -> Uni.createFrom().item(answer("item-" + redisReads.get())));
        cache.trackingStarted();
        read(cache);

        cache.drop(RecommendKeys.candidates(SHOPPER));
        assertEquals("item-2", read(cache).candidates().items().getFirst().itemId());
        cache.drop(SignalsKeys.notInterestedNow(SHOPPER));
        assertEquals("item-3", read(cache).candidates().items().getFirst().itemId());
        read(cache);

        assertEquals(3, redisReads.get());
    }

    @Test
    void shouldKeepNothingWhenTheShoppersKeyChangedWhileItWasRead() {
        CompletableFuture<PlainRead> inFlight = new CompletableFuture<>();
        PlainReadCache cache = cache(key -> redisReads.get() == 1
                ? Uni.createFrom().completionStage(inFlight)
                : Uni.createFrom().item(answer("new")));
        cache.trackingStarted();

        CompletableFuture<PlainRead> first = cache.read(SHOPPER).subscribeAsCompletionStage();
        cache.drop(RecommendKeys.candidates(SHOPPER)); // Redis pushed a write made after the read was answered
        inFlight.complete(answer("old"));

        assertEquals("old", first.join().candidates().items().getFirst().itemId());
        assertEquals("new", read(cache).candidates().items().getFirst().itemId(), "the old answer was not kept");
        assertEquals(2, redisReads.get());
    }

    @Test
    void shouldNotKeepTheEmptyReadThatStandsInWhenRedisDidNotAnswer() {
        PlainReadCache cache = cache(key -> Uni.createFrom().item(new PlainRead(null, Marks.NONE, false)));
        cache.trackingStarted();

        read(cache);
        read(cache);

        assertEquals(2, redisReads.get());
        assertTrue(cache.held().isEmpty());
    }

    @Test
    void shouldReadRedisEveryTimeWhileRedisIsNotPushingChanges() {
        PlainReadCache cache = cache(key -> Uni.createFrom().item(answer("item-1")));

        read(cache);
        read(cache);

        assertEquals(2, redisReads.get());
    }

    @Test
    void shouldDropEveryCopyForAKeyOfAnUnknownShape() {
        PlainReadCache cache = cache(key -> Uni.createFrom().item(answer("item-1")));
        cache.trackingStarted();
        read(cache);

        cache.drop("lodestone:signals:not-interested-legacy");

        assertTrue(cache.held().isEmpty());
    }

    @Test
    void shouldAnswerFromCandidatesTheRequestPathRankedUntilTheShoppersKeysChange() {
        PlainReadCache cache = cache(key -> Uni.createFrom().item(answer("kept-" + redisReads.get())));
        cache.trackingStarted();
        PlainRead stale = read(cache);
        Candidates ranked = answer("ranked").candidates();

        cache.refresh(SHOPPER, stale, ranked);

        assertSame(ranked, read(cache).candidates());
        cache.drop(RecommendKeys.candidates(SHOPPER)); // the projection wrote newer candidates
        assertEquals("kept-2", read(cache).candidates().items().getFirst().itemId());
        assertEquals(2, redisReads.get());
    }

    @Test
    void shouldNotKeepRankedCandidatesOverACopyAPushReplacedMeanwhile() {
        PlainReadCache cache = cache(key -> Uni.createFrom().item(answer("kept-" + redisReads.get())));
        cache.trackingStarted();
        PlainRead stale = read(cache);
        cache.drop(RecommendKeys.candidates(SHOPPER));
        PlainRead newer = read(cache);

        cache.refresh(SHOPPER, stale, answer("ranked").candidates());

        assertSame(newer, read(cache));
    }

    @Test
    void shouldAnswerAShopperWhoseKeysChangedFromMemoryWithoutWaitingForTheirRequest() {
        PlainReadCache cache =
                following(key -> Uni.createFrom().item(answer("asked")), keys -> each(keys, key -> answer("followed")));
        cache.trackingStarted();

        cache.drop(RecommendKeys.candidates(SHOPPER)); // the shopper's event had the projection write candidates
        cache.drop(SignalsKeys.notInterestedNow(SHOPPER)); // and a mark: one read for both
        assertEquals(1, cache.follow().await().indefinitely());

        assertEquals("followed", read(cache).candidates().items().getFirst().itemId());
        assertEquals(0, redisReads.get(), "the request did not wait on Redis");
        assertEquals(1, batchReads.get());
        assertEquals(0, cache.follow().await().indefinitely(), "nothing changed since");
    }

    @Test
    void shouldKeepNothingFromAReadAfterAChangeWhenTheShoppersKeyChangedAgainMeanwhile() {
        CompletableFuture<List<PlainRead>> inFlight = new CompletableFuture<>();
        PlainReadCache cache = following(
                key -> Uni.createFrom().item(answer("asked")),
                keys -> Uni.createFrom().completionStage(inFlight));
        cache.trackingStarted();
        cache.drop(RecommendKeys.candidates(SHOPPER));

        CompletableFuture<Integer> kept = cache.follow().subscribeAsCompletionStage();
        cache.drop(RecommendKeys.candidates(SHOPPER)); // newer candidates were written while the batch was read
        inFlight.complete(List.of(answer("old")));

        assertEquals(0, kept.join());
        assertEquals("asked", read(cache).candidates().items().getFirst().itemId(), "the old answer was not kept");
    }

    @Test
    void shouldNotReadAgainAShopperARequestReadAfterTheChange() {
        PlainReadCache cache =
                following(key -> Uni.createFrom().item(answer("asked")), keys -> each(keys, key -> answer("followed")));
        cache.trackingStarted();
        cache.drop(RecommendKeys.candidates(SHOPPER));
        read(cache);

        assertEquals(0, cache.follow().await().indefinitely());
        assertEquals(0, batchReads.get());
        assertEquals("asked", read(cache).candidates().items().getFirst().itemId());
    }

    @Test
    void shouldHoldNoCopyOfAShopperWhoseCandidatesWereDeletedOrFailedToRead() {
        PlainReadCache cache = following(
                key -> Uni.createFrom().item(answer("asked")),
                keys -> keys.contains("user:gone")
                        ? each(keys, key -> new PlainRead(null, Marks.NONE, true))
                        : Uni.createFrom().failure(new IllegalStateException("Redis went away")));
        cache.trackingStarted();

        cache.drop(RecommendKeys.candidates("user:gone"));
        assertEquals(0, cache.follow().await().indefinitely());
        cache.drop(RecommendKeys.candidates(SHOPPER));
        assertEquals(0, cache.follow().await().indefinitely());

        assertTrue(cache.held().isEmpty());
    }

    @Test
    void shouldNotReadChangedShoppersWhileRedisIsNotPushingChanges() {
        PlainReadCache cache =
                following(key -> Uni.createFrom().item(answer("asked")), keys -> each(keys, key -> answer("followed")));
        cache.drop(RecommendKeys.candidates(SHOPPER));

        assertEquals(0, cache.follow().await().indefinitely());
        assertEquals(0, batchReads.get());
    }

    @Test
    void shouldHandOutACopyOnlyWhileRedisHasPushedNothingAboutTheShopper() {
        PlainRead stored = answer("item-1");
        PlainReadCache cache = cache(key -> Uni.createFrom().item(stored));
        cache.trackingStarted();
        assertNull(cache.copy(SHOPPER), "nothing read yet");
        read(cache);

        assertSame(stored, cache.copy(SHOPPER));
        cache.drop(RecommendKeys.candidates(SHOPPER));
        assertNull(cache.copy(SHOPPER));
        read(cache);
        cache.flushed();
        assertNull(cache.copy(SHOPPER), "a FLUSHALL drops every copy");
    }

    @Test
    void shouldKeepNothingFromAReadInFlightWhenRedisWasFlushed() {
        CompletableFuture<PlainRead> inFlight = new CompletableFuture<>();
        PlainReadCache cache = cache(key -> Uni.createFrom().completionStage(inFlight));
        cache.trackingStarted();

        CompletableFuture<PlainRead> first = cache.read(SHOPPER).subscribeAsCompletionStage();
        cache.flushed();
        inFlight.complete(answer("read from the emptied Redis"));

        first.join();
        assertNull(cache.copy(SHOPPER));
        assertTrue(cache.held().isEmpty());
    }

    @Test
    void shouldReadNoChangedShopperWhileTheProjectionsMarkerIsNotConfirmed() {
        PlainReadCache cache =
                following(key -> Uni.createFrom().item(answer("asked")), keys -> each(keys, key -> answer("followed")));
        cache.trackingStarted();
        refusing = true; // Redis emptied and not rebuilt yet

        cache.drop(RecommendKeys.candidates(SHOPPER));
        assertEquals(0, cache.follow().await().indefinitely());

        assertEquals(0, batchReads.get(), "nothing read from a Redis the marker check refused");
        assertTrue(cache.held().isEmpty());
        refusing = false;
        cache.drop(RecommendKeys.candidates(SHOPPER));
        assertEquals(1, cache.follow().await().indefinitely());
        assertEquals(2, markerChecks.get(), "one check per batch");
    }
}
