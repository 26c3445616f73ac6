package dev.lodestone.recommend.store;

import dev.lodestone.catalog.CatalogItem;
import dev.lodestone.catalog.store.CatalogCache;
import dev.lodestone.recommend.RecommendConfig;
import dev.lodestone.recommend.RecommendationRequest;
import dev.lodestone.recommend.RecommendationSnapshot;
import dev.lodestone.recommend.RecommendationSnapshotSource;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.faulttolerance.api.AsynchronousNonBlocking;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * Reads a snapshot from Redis in two rounds of single-key reads ({@link SnapshotReads}): the profile,
 * the neighbour lists of the context and recent items, the trending lists and the newest items, each
 * from whichever node holds it (a single Redis or a Redis Cluster). Catalog entries come from the
 * in-process {@code CatalogCache}, not from Redis: they were most of the bytes of every answer.
 *
 * <p>A storefront never waits on Redis longer than {@link #BUDGET_MS}: a read that is slower, that
 * fails, or that is not even tried because the circuit is open (most recent reads failed) is answered
 * from {@link FallbackSnapshots} instead.
 */
@ApplicationScoped
public class RedisSnapshotSource implements RecommendationSnapshotSource {

    /** The serving budget of the Redis reads. */
    static final long BUDGET_MS = 800;

    private final ReactiveRedisDataSource redis;
    private final Map<String, CatalogItem> catalog;
    private final int trendingCandidates;
    private final int catalogCandidates;
    private final FallbackSnapshots fallback;
    private final SnapshotReads reads;

    RedisSnapshotSource(ReactiveRedisDataSource redis, CatalogCache catalog, RecommendConfig config) {
        this.redis = redis;
        this.catalog = catalog.items();
        this.trendingCandidates = config.trendingCandidates();
        this.catalogCandidates = config.catalogCandidates();
        this.fallback = new FallbackSnapshots(this.catalog, catalogCandidates);
        this.reads = new SnapshotReads(redis, this.catalog, trendingCandidates, catalogCandidates);
    }

    @Override
    @AsynchronousNonBlocking
    @Timeout(BUDGET_MS)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5_000, successThreshold = 2)
    @Fallback(fallbackMethod = "fromMemory")
    public Uni<RecommendationSnapshot> fetch(RecommendationRequest request, int recentSources) {
        return reads.read(request, recentSources).invoke(fallback::remember);
    }

    /** The fallback of {@link #fetch}: same signature, answered from memory. */
    Uni<RecommendationSnapshot> fromMemory(RecommendationRequest request, int recentSources) {
        return Uni.createFrom().item(() -> fallback.snapshot(request));
    }
}
