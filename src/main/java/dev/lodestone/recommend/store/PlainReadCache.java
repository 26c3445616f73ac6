package dev.lodestone.recommend.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.lodestone.platform.config.LodestoneConfig;
import dev.lodestone.recommend.RecommendConfig;
import dev.lodestone.recommend.RecommendKeys;
import dev.lodestone.recommend.RecommendMetrics;
import dev.lodestone.recommend.store.RedisSnapshotSource.PlainRead;
import dev.lodestone.signals.SignalsKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * This instance's copy of what a plain recommendation reads from Redis (a shopper's kept candidates and
 * "not interested" marks, {@link RedisSnapshotSource#plain}), kept exact by Redis itself: a dedicated
 * connection asks Redis to track every key under the candidates' and the marks' prefixes ({@code CLIENT
 * TRACKING ON BCAST}), and Redis pushes the name of each such key that is written, deleted or expires,
 * whoever wrote it (the candidates projection of any instance, a "not interested" request, a forget); the
 * shopper's copy is dropped when the push arrives. A storefront asking again for a shopper whose state
 * has not changed since is answered without a round trip to Redis: on two cores the round trip (Redis's
 * own work and the system calls on both sides) cost more than the rest of the request.
 *
 * <p>A copy is kept only if nothing about the shopper was pushed while it was read: the read puts a
 * marker in first, a push removes whatever is there, and the answer replaces the marker only if the
 * marker is still there. Whenever the tracking connection is not up (start-up, a lost connection, a
 * Redis restart) nothing is copied and the copies are dropped, since pushes may have been missed; reads
 * then go to Redis as before and the connection is made again. Only on a single Redis: a cluster
 * tracks per node, and this connection would hear one node's keys (see docs/recommendations.md).
 *
 * <p>The connection is a leased one of the client's pool, never given back: after the tracking command
 * it receives pushes only, and a pooled connection that receives pushes must not carry requests.
 */
@ApplicationScoped
public class PlainReadCache {

    /** A copy older than this is read again even without a push (a safety net, not the mechanism). */
    static final Duration MAX_AGE = Duration.ofMinutes(10);

    /** The longest wait before the tracking connection is tried again. */
    static final Duration MAX_RETRY = Duration.ofSeconds(30);

    private static final Logger LOG = Logger.getLogger(PlainReadCache.class);

    /** A read on its way: a push for the shopper removes it, so the read then keeps nothing. */
    private record Loading(long generation) {}

    /** The read from Redis ({@link RedisSnapshotSource#plain}). */
    private final Function<String, Uni<PlainRead>> redisRead;

    private final ReactiveRedisDataSource redis;
    private final RecommendMetrics metrics;
    private final boolean enabled;
    /** Per shopper key: a {@link PlainRead} or a {@link Loading} marker. */
    private final Cache<String, Object> copies;

    /** Whether pushes are arriving: only then are copies kept and used. */
    private volatile boolean tracking;

    /** Bumped whenever tracking is lost, so that a read begun before cannot keep its answer. */
    private final AtomicLong generation = new AtomicLong();

    private volatile boolean stopped;
    /** The tracking connection while it is up. */
    private RedisConnection connection;

    private volatile Duration retry = Duration.ofSeconds(1);

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
        this.redis = redis;
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

    /** Whether copies are being kept and used (the tracking connection is up). */
    public boolean tracking() {
        return tracking;
    }

    void onStart(@Observes StartupEvent event) {
        if (enabled) {
            connect();
        }
    }

    synchronized void onStop(@Observes ShutdownEvent event) {
        stopped = true;
        tracking = false;
        copies.invalidateAll();
    }

    private void connect() {
        if (stopped) {
            return;
        }
        redis.getRedis().connect().subscribe().with(this::track, this::retryLater);
    }

    private void track(RedisConnection leased) {
        leased.handler(this::onPush);
        leased.exceptionHandler(failure -> lost(leased, failure));
        leased.endHandler(() -> lost(leased, null));
        // Pushes come on the connection itself under RESP3. BCAST: every key under the prefixes, read
        // here or not, since the reads go over the pool's other connections.
        leased.send(Request.cmd(Command.HELLO).arg("3"))
                .chain(() -> leased.send(Request.cmd(Command.CLIENT)
                        .arg("TRACKING")
                        .arg("ON")
                        .arg("BCAST")
                        .arg("PREFIX")
                        .arg(RecommendKeys.CANDIDATES_PREFIX)
                        .arg("PREFIX")
                        .arg(SignalsKeys.NOT_INTERESTED_PREFIX)))
                .subscribe()
                .with(ok -> up(leased), failure -> {
                    // Tracking did not start, so the connection may go back to the pool.
                    leased.closeAndForget();
                    retryLater(failure);
                });
    }

    private synchronized void up(RedisConnection leased) {
        if (stopped) {
            return;
        }
        connection = leased;
        retry = Duration.ofSeconds(1);
        tracking = true;
        LOG.debug("recommendation near cache: tracking on");
    }

    /** As if the tracking connection came up (tests without Redis). */
    synchronized void trackingStarted() {
        tracking = true;
    }

    /** Pushes may have been missed: every copy goes, and the connection is made again. */
    private synchronized void lost(RedisConnection leased, Throwable failure) {
        if (leased != connection) {
            return;
        }
        connection = null;
        tracking = false;
        generation.incrementAndGet();
        copies.invalidateAll();
        LOG.debugf(failure, "recommendation near cache: tracking connection lost");
        retryLater(null);
    }

    private void retryLater(Throwable failure) {
        if (stopped) {
            return;
        }
        Duration wait = retry;
        retry = wait.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : wait.multipliedBy(2);
        if (failure != null) {
            LOG.infof("recommendation near cache off for now (%s); trying again in %s", failure.getMessage(), wait);
        }
        Uni.createFrom().voidItem().onItem().delayIt().by(wait).subscribe().with(ignored -> connect());
    }

    /** {@code ["invalidate", [key, …]]}, or {@code ["invalidate", null]} when Redis was flushed. */
    void onPush(Response push) {
        if (push == null
                || push.type() != ResponseType.PUSH
                || push.size() < 2
                || !"invalidate".equals(push.get(0).toString())) {
            return;
        }
        Response keys = push.get(1);
        if (keys == null) {
            copies.invalidateAll();
            return;
        }
        for (Response key : keys) {
            drop(key.toString());
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
