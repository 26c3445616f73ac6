package dev.lodestone.recommend;

import dev.lodestone.platform.errors.ApiException;
import dev.lodestone.recommend.RankedItem.Reason;
import dev.lodestone.recommend.store.RedisSnapshotSource;
import dev.lodestone.recommend.store.ServingSnapshots;
import dev.lodestone.signals.store.NotInterestedStore;
import dev.lodestone.signals.store.NotInterestedStore.Marks;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Serving: one Redis read for a shopper's profile (and one for the "not interested" marks, beside it),
 * the rest from this instance's memory, then the pure {@link Ranker}. When Redis cannot answer within
 * its budget the snapshot is a fallback (popular and new items) and every item's reason says
 * {@code fallback}. {@code /similar} and {@code /trending} read nothing personal, so they are answered
 * from memory alone.
 */
@ApplicationScoped
public class RecommendationService {

    /**
     * {@code {"recommendationId":"…","experiment":"…","variant":"…","items":[…]}}; {@code experiment} and
     * {@code variant} are null when no experiment applies to the shopper.
     */
    public record Recommendations(String recommendationId, String experiment, String variant, List<RankedItem> items) {}

    /** {@code {"items":[…]}} of {@code /similar} and {@code /trending}. */
    public record Items(List<RankedItem> items) {}

    /** How long the marks may take; the snapshot's own budget is longer, so they never delay a fallback list. */
    static final Duration MARKS_BUDGET = Duration.ofMillis(500);

    /** What a demoted item's score is multiplied by. */
    static final double DEMOTION = 0.5;

    private final RecommendationSnapshotSource source;
    private final ServingSnapshots snapshots;
    private final Ranker ranker;
    private final Ranker similarRanker;
    private final RecommendMetrics metrics;
    private final RecommendConfig config;
    private final RankingVariants variants;

    private final NotInterestedStore notInterested;

    RecommendationService(
            RedisSnapshotSource source,
            ServingSnapshots snapshots,
            RecommendConfig config,
            RecommendMetrics metrics,
            RankingVariants variants,
            NotInterestedStore notInterested) {
        this.notInterested = notInterested;
        this.config = config;
        this.variants = variants;
        this.source = source;
        this.snapshots = snapshots;
        this.ranker = new Ranker(RankerSettings.from(this.config));
        this.similarRanker = new Ranker(RankerSettings.from(this.config).withIncludeSeen(false));
        this.metrics = metrics;
    }

    public RecommendConfig config() {
        return config;
    }

    public Uni<Recommendations> recommend(RecommendationRequest request) {
        long start = System.nanoTime();
        RankingVariants.Assigned arm =
                request.shopperKey() == null ? null : variants.assign(request.shopperKey(), ranker.settings());
        Ranker chosen = arm == null || arm.settings() == ranker.settings() ? ranker : new Ranker(arm.settings());
        return Uni.combine()
                .all()
                .unis(source.fetch(request, chosen.settings().recentSources()), notInterested(request))
                .asTuple()
                .map(t -> {
                    Marks marks = t.getItem2();
                    RecommendationSnapshot snapshot = t.getItem1();
                    List<RankedItem> items =
                            labelled(snapshot, demoted(chosen.rank(excluding(request, marks), snapshot), marks));
                    metrics.served(Duration.ofNanos(System.nanoTime() - start));
                    return arm == null
                            ? new Recommendations(UUID.randomUUID().toString(), null, null, items)
                            : new Recommendations(arm.recommendationId(), arm.experiment(), arm.variant(), items);
                });
    }

    /**
     * The shopper's "not interested" marks (signals), read beside the snapshot; none when Redis cannot say
     * within {@link #MARKS_BUDGET} (the snapshot then falls back too), so a stalled Redis never holds a list.
     */
    private Uni<Marks> notInterested(RecommendationRequest request) {
        if (request.shopperKey() == null) {
            return Uni.createFrom().item(Marks.NONE);
        }
        return notInterested
                .marks(request.shopperKey())
                .ifNoItem()
                .after(MARKS_BUDGET)
                .recoverWithItem(Marks.NONE)
                .onFailure()
                .recoverWithItem(Marks.NONE);
    }

    /** The request with the items the shopper is not interested in excluded. */
    private static RecommendationRequest excluding(RecommendationRequest request, Marks marks) {
        if (marks.excluded().isEmpty()) {
            return request;
        }
        Set<String> exclude = new HashSet<>(request.exclude());
        exclude.addAll(marks.excluded());
        return new RecommendationRequest(
                request.shopperKey(),
                request.context(),
                request.limit(),
                request.category(),
                request.minPrice(),
                request.maxPrice(),
                Set.copyOf(exclude),
                request.similarOnly());
    }

    /** Neighbours of those items rank lower: their score scaled by {@link #DEMOTION}, the list re-sorted. */
    private static List<RankedItem> demoted(List<RankedItem> items, Marks marks) {
        if (marks.demoted().isEmpty()) {
            return items;
        }
        return items.stream()
                .map(i -> marks.demoted().contains(i.itemId())
                        ? new RankedItem(i.itemId(), i.score() * DEMOTION, i.reason())
                        : i)
                .sorted(Comparator.comparingDouble(RankedItem::score).reversed())
                .toList();
    }

    /** Neighbours of one item, from memory; an item missing from the catalog means 404. */
    public Uni<Items> similar(String itemId, int limit) {
        RecommendationRequest request =
                new RecommendationRequest(null, List.of(itemId), limit, null, null, null, Set.of(), true);
        return Uni.createFrom().item(() -> {
            RecommendationSnapshot snapshot = snapshots.build(request, null, 0);
            if (!snapshot.catalog().containsKey(itemId)) {
                throw ApiException.notFound("item", itemId);
            }
            return new Items(similarRanker.rank(request, snapshot));
        });
    }

    /** Trending items from memory, without the newest-items backfill of a recommendation. */
    public Uni<Items> trending(String category, int limit) {
        RecommendationRequest request =
                new RecommendationRequest(null, List.of(), limit, category, null, null, Set.of(), false);
        return Uni.createFrom().item(() -> {
            RecommendationSnapshot snapshot = snapshots.build(request, null, 0);
            return new Items(ranker.rank(request, snapshot).stream()
                    .filter(item -> !"catalog".equals(item.reason().type()))
                    .toList());
        });
    }

    private static List<RankedItem> labelled(RecommendationSnapshot snapshot, List<RankedItem> items) {
        if (!snapshot.fallback()) {
            return items;
        }
        return items.stream()
                .map(item -> new RankedItem(item.itemId(), item.score(), Reason.fallback()))
                .toList();
    }
}
