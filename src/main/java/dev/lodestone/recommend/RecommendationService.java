package dev.lodestone.recommend;

import dev.lodestone.catalog.store.CatalogCache;
import dev.lodestone.platform.config.LodestoneConfig;
import dev.lodestone.platform.errors.ApiException;
import dev.lodestone.recommend.store.RedisSnapshotSource;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** Serving: one Redis round trip for the snapshot, the in-process catalog, then the pure {@link Ranker}. */
@ApplicationScoped
public class RecommendationService {

    /** {@code {"recommendationId":"…","items":[…]}}. */
    public record Recommendations(String recommendationId, List<RankedItem> items) {}

    /** {@code {"items":[…]}} of {@code /similar} and {@code /trending}. */
    public record Items(List<RankedItem> items) {}

    static final Duration REDIS_BUDGET = Duration.ofMillis(800);

    private final RecommendationSnapshotSource source;
    private final Ranker ranker;
    private final Ranker similarRanker;
    private final RecommendMetrics metrics;
    private final LodestoneConfig.Recommend config;

    RecommendationService(
            ReactiveRedisDataSource redis, CatalogCache catalog, LodestoneConfig config, RecommendMetrics metrics) {
        this.config = config.recommend();
        this.source = new RedisSnapshotSource(
                redis, catalog.items(), this.config.trendingCandidates(), this.config.catalogCandidates());
        this.ranker = new Ranker(RankerSettings.from(this.config));
        this.similarRanker = new Ranker(RankerSettings.from(this.config).withIncludeSeen(false));
        this.metrics = metrics;
    }

    public LodestoneConfig.Recommend config() {
        return config;
    }

    public Uni<Recommendations> recommend(RecommendationRequest request) {
        long start = System.nanoTime();
        return snapshot(request, config.recentSources()).map(snapshot -> {
            List<RankedItem> items = ranker.rank(request, snapshot);
            metrics.served(Duration.ofNanos(System.nanoTime() - start));
            return new Recommendations(UUID.randomUUID().toString(), items);
        });
    }

    /** Neighbours of one item; empty snapshot catalog entry for the item means 404. */
    public Uni<Items> similar(String itemId, int limit) {
        RecommendationRequest request =
                new RecommendationRequest(null, List.of(itemId), limit, null, null, null, java.util.Set.of(), true);
        return snapshot(request, 0).map(snapshot -> {
            if (!snapshot.catalog().containsKey(itemId)) {
                throw ApiException.notFound("item", itemId);
            }
            return new Items(similarRanker.rank(request, snapshot));
        });
    }

    public Uni<Items> trending(String category, int limit) {
        RecommendationRequest request =
                new RecommendationRequest(null, List.of(), limit, category, null, null, java.util.Set.of(), false);
        return snapshot(request, 0)
                .map(snapshot -> new Items(ranker.rank(request, snapshot).stream()
                        .filter(item -> !"catalog".equals(item.reason().type()))
                        .toList()));
    }

    private Uni<RecommendationSnapshot> snapshot(RecommendationRequest request, int recentSources) {
        return source.fetch(request, recentSources)
                .ifNoItem()
                .after(REDIS_BUDGET)
                .fail()
                .onFailure()
                .transform(e -> e instanceof ApiException
                        ? e
                        : ApiException.unavailable("the serving store did not answer in time", 1));
    }
}
