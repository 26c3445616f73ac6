package dev.lodestone.recommend.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.lodestone.platform.config.LodestoneConfig;
import dev.lodestone.platform.redis.KeyTracking;
import dev.lodestone.recommend.RecommendConfig;
import dev.lodestone.recommend.RecommendKeys;
import dev.lodestone.recommend.RecommendMetrics;
import dev.lodestone.recommend.store.RedisSnapshotSource.PlainRead;
import dev.lodestone.signals.SignalsKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * This instance's copy of what a plain recommendation reads from Redis (a shopper's kept candidates and
 * "not interested" marks, {@link RedisSnapshotSource#plain}), kept exact by Redis itself: Redis names
 * every key under the candidates' and the marks' prefixes that is written, deleted or expires, whoever
 * wrote it (the candidates projection of any instance, a "not interested" request, a forget), on a
 * {@link KeyTracking} connection; the shopper's copy is dropped when the name arrives. A storefront asking
 * again for a shopper whose state has not changed since is answered without a round trip to Redis: on two
 * cores the round trip (Redis's own work and the system calls on both sides) cost more than the rest of
 * the request.
 *
 * <p>A copy is kept only if nothing about the shopper was pushed while it was read: the read puts a
 * marker in first, a push removes whatever is there, and the answer replaces the marker only if the
 * marker is still there. Whenever the tracking connection is not up (start-up, a lost connection, a
 * Redis restart) nothing is copied and the copies are dropped, since pushes may have been missed; reads
 * then go to Redis as before. Only on a single Redis (see {@link KeyTracking} and
 * docs/recommendations.md).
 */
@ApplicationScoped
public class PlainReadCache {

    /** A copy older than this is read again even without a push (a safety net, not the mechanism). */
    static final Duration MAX_AGE = Duration.ofMinutes(10);

    /** A read on its way: a push for the shopper removes it, so the read then keeps nothing. */
    private record Loading(long generation) {}

    /** The read from Redis ({@link RedisSnapshotSource#plain}). */
    private final Function<String, Uni<PlainRead>> redisRead;

    private final RecommendMetrics metrics;
    private final boolean enabled;
    /** Per shopper key: a {@link PlainRead} or a {@link Loading} marker. */
    private final Cache<String, Object> copies;

    /** Whether pushes are arriving: only then are copies kept and used. */
    private volatile boolean tracking;

    /** Bumped whenever tracking is lost, so that a read begun before cannot keep its answer. */
    private final AtomicLong generation = new AtomicLong();

    /** The connection on which Redis names the changed keys of every shopper. */
    private final KeyTracking keyTracking;

    @Inject
    PlainReadCache(
            RedisSnapshotSource source,
            ReactiveRedisDataSource redis,
            RecommendConfig config,
            LodestoneConfig engine,
            RecommendMetrics metrics,
            @ConfigProperty(name = "quarkus.redis.client-type", defaultValue = "standalone") String clientType) {
        this(
                source::plain,
                redis,
                config.nearCacheShoppers(),
                // Only where lists are served, and on a single Redis.
                config.nearCacheShoppers() > 0 && engine.role().serves() && "standalone".equalsIgnoreCase(clientType),
                metrics);
    }

    PlainReadCache(
            Function<String, Uni<PlainRead>> redisRead,
            ReactiveRedisDataSource redis,
            int maxShoppers,
            boolean enabled,
            RecommendMetrics metrics) {
        this.redisRead = redisRead;
        this.keyTracking = new KeyTracking(
                redis,
                List.of(RecommendKeys.CANDIDATES_PREFIX, SignalsKeys.NOT_INTERESTED_PREFIX),
                new Pushes(),
                "recommendation near cache");
        this.metrics = metrics;
        this.enabled = enabled;
        this.copies = Caffeine.newBuilder()
                .maximumSize(Math.max(1, maxShoppers))
                .expireAfterWrite(MAX_AGE)
                .build();
        metrics.nearCache(copies::estimatedSize, () -> tracking);
    }

    /** The shopper's plain read: this instance's copy when it is still exact, else Redis's answer. */
    public Uni<PlainRead> read(String shopperKey) {
        if (!tracking) {
            metrics.plainRead(false);
            return redisRead.apply(shopperKey);
        }
        Object copy = copies.getIfPresent(shopperKey);
        if (copy instanceof PlainRead read) {
            metrics.plainRead(true);
            return Uni.createFrom().item(read);
        }
        metrics.plainRead(false);
        if (copy != null) {
            // Another request is reading this shopper: this one reads too, and keeps nothing.
            return redisRead.apply(shopperKey);
        }
        // The marker goes in when the read is sent, not when it is built.
        return Uni.createFrom().deferred(() -> {
            Loading marker = new Loading(generation.get());
            if (copies.asMap().putIfAbsent(shopperKey, marker) != null) {
                return redisRead.apply(shopperKey);
            }
            return redisRead
                    .apply(shopperKey)
                    .onItemOrFailure()
                    .invoke((read, failure) -> keep(shopperKey, marker, failure == null ? read : null))
                    .onCancellation()
                    .invoke(() -> copies.asMap().remove(shopperKey, marker));
        });
    }

    private void keep(String shopperKey, Loading marker, PlainRead read) {
        if (read != null && read.answered() && tracking && marker.generation() == generation.get()) {
            copies.asMap().replace(shopperKey, marker, read);
        } else {
            copies.asMap().remove(shopperKey, marker);
        }
    }

    /**
     * Keeps candidates the request path had to rank for a shopper (the kept ones were missing, too old, or
     * missed a neighbour list that has appeared since) in place of the copy they were ranked after, so the
     * shopper's next requests pick from them instead of ranking again. Only while that copy is still
     * held: a push that dropped it (the projection wrote newer candidates, a mark changed) wins, and the
     * next request reads Redis.
     */
    public void refresh(String shopperKey, PlainRead ranked, CandidateCodec.Candidates fresh) {
        if (tracking) {
            copies.asMap().replace(shopperKey, ranked, new PlainRead(fresh, ranked.marks(), true));
        }
    }

    /** Whether copies are being kept and used (the tracking connection is up). */
    public boolean tracking() {
        return tracking;
    }

    void onStart(@Observes StartupEvent event) {
        if (enabled) {
            keyTracking.start();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        keyTracking.stop();
    }

    /** As if the tracking connection came up (tests without Redis). */
    void trackingStarted() {
        tracking = true;
    }

    /** What Redis pushes about the tracked keys. */
    private final class Pushes implements KeyTracking.Listener {

        @Override
        public void tracking() {
            tracking = true;
        }

        @Override
        public void lost() {
            // A read begun before must not keep its answer: it may have missed a push.
            tracking = false;
            generation.incrementAndGet();
            copies.invalidateAll();
        }

        @Override
        public void changed(String key) {
            drop(key);
        }

        @Override
        public void flushed() {
            copies.invalidateAll();
        }
    }

    /** Drops the copy of the shopper a tracked key belongs to ({@code <prefix>{<tag>}:<shopperKey>}). */
    void drop(String key) {
        int tagEnd = key.indexOf("}:");
        if (tagEnd < 0) {
            copies.invalidateAll();
            return;
        }
        copies.asMap().remove(key.substring(tagEnd + 2));
    }

    /** The shopper keys with a copy or a read on its way (tests). */
    List<String> held() {
        return List.copyOf(copies.asMap().keySet());
    }
}
