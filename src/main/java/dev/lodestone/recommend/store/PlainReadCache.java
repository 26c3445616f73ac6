package dev.lodestone.recommend.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.lodestone.platform.config.LodestoneConfig;
import dev.lodestone.platform.projection.ProjectionMonitor;
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
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

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
 *
 * <p>A copy is what Redis held, so a request answered from one alone needs no check of the projections'
 * marker ({@code ProjectionRead(markerFirst = false)}): a {@code FLUSHALL} is pushed like any change
 * and drops every copy, and every read that makes a copy follows a check of the marker that started
 * after it was sent for (the request's own, or the batch's below), so no copy is made from a Redis
 * emptied and not yet rebuilt.
 *
 * <p>A shopper whose keys changed is read again at once, not at their next request: the change comes from
 * the shopper's own event (a view, a cart, a "not interested"), and the storefront asks for the shopper's
 * next list a moment later. The shoppers named by the pushes of the last {@link #FOLLOW_EVERY} are read
 * in one batch ({@link RedisSnapshotSource#plainReads}), under the same marker rule as a request's read;
 * so an instance holds the shoppers active on the shop, not only those it was already asked for, and
 * their requests seldom wait on Redis. When the copies are full, those written longest ago go ({@link #trim}).
 */
@ApplicationScoped
public class PlainReadCache {

    /**
     * A copy older than this is read again even without a push (a safety net, not the mechanism): as long
     * as kept candidates are served at all ({@code materialised-max-age}'s default), since a shopper
     * between two events is asked for again and again.
     */
    static final Duration MAX_AGE = Duration.ofHours(1);

    /** How often the shoppers named by pushes since are read again. */
    static final Duration FOLLOW_EVERY = Duration.ofMillis(100);

    /** Most shoppers in one batch of reads after their keys changed; the rest wait for the next. */
    static final int FOLLOW_BATCH = 256;

    private static final Logger LOG = Logger.getLogger(PlainReadCache.class);

    /** A read on its way: a push for the shopper removes it, so the read then keeps nothing. */
    private record Loading(long generation) {}

    /** The read from Redis ({@link RedisSnapshotSource#plain}). */
    private final Function<String, Uni<PlainRead>> redisRead;

    /** Several shoppers' reads in one batch ({@link RedisSnapshotSource#plainReads}). */
    private final Function<List<String>, Uni<List<PlainRead>>> redisReads;

    /** Whether Redis may be read now, by a check of the marker ({@link ProjectionMonitor#readable}). */
    private final Supplier<Uni<Void>> readable;

    /** The shoppers whose keys changed since the last batch of reads ({@link #follow}). */
    private final Set<String> changed = ConcurrentHashMap.newKeySet();

    private final int maxShoppers;
    private final boolean followChanges;
    private final Vertx vertx;
    private long followTimer = -1;

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
            Vertx vertx,
            ProjectionMonitor projections,
            @ConfigProperty(name = "quarkus.redis.client-type", defaultValue = "standalone") String clientType) {
        this(
                source::plain,
                source::plainReads,
                projections::readable,
                redis,
                NearCacheSize.shoppers(
                        config.nearCacheShoppers(), Runtime.getRuntime().maxMemory(), config.materialisedCandidates()),
                // Only where lists are served, and on a single Redis.
                engine.role().serves() && "standalone".equalsIgnoreCase(clientType),
                config.nearCacheFollow(),
                metrics,
                vertx);
    }

    PlainReadCache(
            Function<String, Uni<PlainRead>> redisRead,
            Function<List<String>, Uni<List<PlainRead>>> redisReads,
            Supplier<Uni<Void>> readable,
            ReactiveRedisDataSource redis,
            int maxShoppers,
            boolean applies,
            boolean followChanges,
            RecommendMetrics metrics,
            Vertx vertx) {
        this.redisRead = redisRead;
        this.redisReads = redisReads;
        this.readable = readable;
        this.maxShoppers = Math.max(1, maxShoppers);
        this.followChanges = followChanges;
        this.vertx = vertx;
        this.keyTracking = new KeyTracking(
                redis,
                List.of(RecommendKeys.CANDIDATES_PREFIX, SignalsKeys.NOT_INTERESTED_PREFIX),
                new Pushes(),
                "recommendation near cache");
        this.metrics = metrics;
        // A capacity of 0 turns the cache off.
        this.enabled = applies && maxShoppers > 0;
        // Bounded by trim(), not by Caffeine's maximumSize: a size-bounded cache reorders its recency lists on
        // every hit, writing references into entries held for an hour in the old generation; at thousands of
        // hits a second those dirty cards were most of each young pause (docs/benchmarks.md). Without a
        // maximum (and without expiry after access) a hit writes nothing to the heap.
        this.copies = Caffeine.newBuilder().expireAfterWrite(MAX_AGE).build();
        metrics.nearCache(copies::estimatedSize, enabled ? this.maxShoppers : 0, () -> tracking);
    }

    /** This instance's copy of the shopper's plain read while it is still exact; null when there is none. */
    public PlainRead copy(String shopperKey) {
        if (!tracking) {
            return null;
        }
        Object copy = copies.getIfPresent(shopperKey);
        if (copy instanceof PlainRead read) {
            metrics.plainRead(true);
            return read;
        }
        return null;
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
            trim();
            return redisRead
                    .apply(shopperKey)
                    .onItemOrFailure()
                    .invoke((read, failure) -> keep(shopperKey, marker, failure == null ? read : null))
                    .onCancellation()
                    .invoke(() -> copies.asMap().remove(shopperKey, marker));
        });
    }

    /** Whether the read replaced its marker. */
    private boolean keep(String shopperKey, Loading marker, PlainRead read) {
        if (read != null && read.answered() && tracking && marker.generation() == generation.get()) {
            return copies.asMap().replace(shopperKey, marker, read);
        }
        copies.asMap().remove(shopperKey, marker);
        return false;
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

    /**
     * Past {@code maxShoppers}, the copies written longest ago go: the shoppers whose state has not changed
     * and who were not read from Redis for the longest time (a shopper active on the shop is written again
     * with each of their events, {@link #follow}). Not the least recently asked for, which would cost a
     * write on every hit (see the constructor).
     */
    private void trim() {
        long excess = copies.estimatedSize() - maxShoppers;
        if (excess > 0) {
            copies.policy()
                    .expireAfterWrite()
                    .ifPresent(byAge -> byAge.oldest((int) Math.min(excess, Integer.MAX_VALUE))
                            .forEach(copies.asMap()::remove));
        }
    }

    /** Whether copies are being kept and used (the tracking connection is up). */
    public boolean tracking() {
        return tracking;
    }

    /**
     * Reads the shoppers whose keys changed since the last call, at most {@link #FOLLOW_BATCH} of them in
     * one batch, and keeps each answer that has candidates under the marker rule of {@link #read} (a push
     * during the read, or a read a request began meanwhile, wins). A shopper held or being read already is
     * skipped: a request read it after the push.
     */
    Uni<Integer> follow() {
        if (changed.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        List<String> shoppers = new ArrayList<>();
        List<Loading> markers = new ArrayList<>();
        Iterator<String> it = changed.iterator();
        while (it.hasNext() && shoppers.size() < FOLLOW_BATCH) {
            String shopperKey = it.next();
            it.remove();
            Loading marker = new Loading(generation.get());
            if (tracking && copies.asMap().putIfAbsent(shopperKey, marker) == null) {
                shoppers.add(shopperKey);
                markers.add(marker);
            }
        }
        if (shoppers.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        trim();
        // Copies are answered from without a check of the marker: the batch is read only after one, begun
        // after the markers went in (refused: the markers go, and those shoppers are read when asked for).
        // Decoding a batch into the compact form takes milliseconds: not on an event loop that serves.
        return readable.get()
                .chain(() -> redisReads.apply(shoppers))
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .onItemOrFailure()
                .transform((reads, failure) -> {
                    int kept = 0;
                    for (int i = 0; i < shoppers.size(); i++) {
                        PlainRead read = failure == null ? reads.get(i) : null;
                        if (read != null && read.candidates() == null) {
                            // Nothing to serve from (deleted, expired, or not kept): no copy for it.
                            read = null;
                        } else if (read != null) {
                            // Held, maybe for an hour, before anyone asks: the compact form.
                            read = new PlainRead(
                                    CandidateCodec.packed(read.candidates()), read.marks(), true, read.lastPick());
                        }
                        kept += keep(shoppers.get(i), markers.get(i), read) ? 1 : 0;
                    }
                    metrics.followed(kept);
                    return kept;
                });
    }

    void onStart(@Observes StartupEvent event) {
        if (enabled) {
            LOG.infof("near cache: up to %d shoppers' candidates in memory", maxShoppers);
            keyTracking.start();
            if (followChanges) {
                followTimer = vertx.setPeriodic(
                        FOLLOW_EVERY.toMillis(),
                        // A failed batch keeps nothing; those shoppers are read when asked for.
                        id -> follow().subscribe()
                                .with(kept -> {}, failure -> LOG.debug("reading changed shoppers", failure)));
            }
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (followTimer >= 0) {
            vertx.cancelTimer(followTimer);
        }
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
            changed.clear();
        }

        @Override
        public void changed(String key) {
            drop(key);
        }

        @Override
        public void flushed() {
            PlainReadCache.this.flushed();
        }
    }

    /** Redis was emptied: every copy goes, and a read begun before, maybe answered from the empty Redis, keeps nothing. */
    void flushed() {
        generation.incrementAndGet();
        copies.invalidateAll();
    }

    /**
     * Drops the copy of the shopper a tracked key belongs to ({@code <prefix>{<tag>}:<shopperKey>}), and
     * has the shopper read again with the next batch.
     */
    void drop(String key) {
        int tagEnd = key.indexOf("}:");
        if (tagEnd < 0) {
            copies.invalidateAll();
            return;
        }
        String shopperKey = key.substring(tagEnd + 2);
        copies.asMap().remove(shopperKey);
        // Bounded: past a full cache's worth of waiting shoppers, the rest are read when asked for.
        if (followChanges && changed.size() < maxShoppers) {
            changed.add(shopperKey);
        }
    }

    /** The shopper keys with a copy or a read on its way (tests). */
    List<String> held() {
        return List.copyOf(copies.asMap().keySet());
    }
}
