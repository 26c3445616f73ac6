package dev.lodestone.recommend.store;

import dev.lodestone.catalog.CatalogItem;
import dev.lodestone.recommend.RecommendationRequest;
import dev.lodestone.recommend.RecommendationSnapshot;
import dev.lodestone.recommend.RecommendationSnapshot.TrendingEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Snapshots built without Redis, for when serving cannot wait for it: the trending lists of the last
 * snapshot served normally, and the newest sellable items of the in-process catalog. A storefront then still gets
 * a full list of popular or new items rather than an error; nothing personal (profile, neighbours).
 *
 * <p>The newest items are selected from the whole catalog, so each selection is kept for
 * {@link #NEWEST_REUSE}: during an outage every request takes this path.
 */
public final class FallbackSnapshots {

    static final Duration NEWEST_REUSE = Duration.ofSeconds(1);
    /** Bounds the remembered per-category lists (top-level categories are few; this guards a misuse). */
    static final int MAX_CATEGORIES = 256;

    private record Newest(long computedAtNanos, List<String> ids) {}

    private final Map<String, CatalogItem> catalog;
    private final int catalogCandidates;
    private volatile List<TrendingEntry> trending = List.of();
    private final Map<String, List<TrendingEntry>> trendingByCategory = new ConcurrentHashMap<>();
    private final Map<String, Newest> newest = new ConcurrentHashMap<>();

    /**
     * @param catalog a live view of the catalog by item id
     * @param catalogCandidates how many newest items a snapshot offers (as the Redis snapshot does)
     */
    public FallbackSnapshots(Map<String, CatalogItem> catalog, int catalogCandidates) {
        this.catalog = catalog;
        this.catalogCandidates = catalogCandidates;
    }

    /** Keeps the trending lists of a snapshot served normally, for the next fallback. */
    public void remember(RecommendationSnapshot snapshot) {
        if (!snapshot.trending().isEmpty()) {
            trending = snapshot.trending();
        }
        snapshot.trendingByCategory().forEach((category, list) -> {
            if (!list.isEmpty()
                    && (trendingByCategory.size() < MAX_CATEGORIES || trendingByCategory.containsKey(category))) {
                trendingByCategory.put(category, list);
            }
        });
    }

    /**
     * A snapshot for the request from memory only, marked as a fallback. Its top-level category is the
     * request's, or for {@code /similar} the item's own, so the list stays on topic.
     */
    public RecommendationSnapshot snapshot(RecommendationRequest request) {
        String top = CatalogItem.topCategory(category(request));
        Map<String, List<TrendingEntry>> byCategory =
                top == null ? Map.of() : Map.of(top, trendingByCategory.getOrDefault(top, List.of()));
        return new RecommendationSnapshot(
                null, Map.of(), trending, byCategory, newest(top == null ? "" : top), catalog, true);
    }

    private String category(RecommendationRequest request) {
        if (request.category() != null
                || !request.similarOnly()
                || request.context().isEmpty()) {
            return request.category();
        }
        CatalogItem item = catalog.get(request.context().getLast());
        return item == null ? null : item.category();
    }

    /** The newest sellable items, in one top-level category unless {@code top} is empty. */
    private List<String> newest(String top) {
        long now = System.nanoTime();
        Newest cached = newest.get(top);
        if (cached != null && now - cached.computedAtNanos() < NEWEST_REUSE.toNanos()) {
            return cached.ids();
        }
        List<String> ids = select(top);
        if (newest.size() >= MAX_CATEGORIES) {
            newest.clear();
        }
        newest.put(top, new Newest(now, ids));
        return ids;
    }

    private List<String> select(String top) {
        Comparator<Map.Entry<String, CatalogItem>> byTime = Comparator.comparing(
                        (Map.Entry<String, CatalogItem> e) -> e.getValue().updatedAt() == null
                                ? Instant.MIN
                                : e.getValue().updatedAt())
                .thenComparing(Map.Entry::getKey);
        PriorityQueue<Map.Entry<String, CatalogItem>> best = new PriorityQueue<>(catalogCandidates + 1, byTime);
        for (Map.Entry<String, CatalogItem> entry : catalog.entrySet()) {
            CatalogItem item = entry.getValue();
            if (!item.sellable() || (!top.isEmpty() && !top.equals(item.topCategory()))) {
                continue;
            }
            best.add(entry);
            if (best.size() > catalogCandidates) {
                best.poll();
            }
        }
        List<Map.Entry<String, CatalogItem>> chosen = new ArrayList<>(best);
        chosen.sort(byTime.reversed());
        return chosen.stream().map(Map.Entry::getKey).toList();
    }
}
