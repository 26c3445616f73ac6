package dev.lodestone.recommend;

import dev.lodestone.catalog.CatalogItem;
import dev.lodestone.profile.ShopperProfile;
import dev.lodestone.similarity.NeighbourList;
import java.util.List;
import java.util.Map;

/**
 * Everything the {@link Ranker} needs for one request, in memory. Built when serving from the
 * shopper's profile in Redis and the item lists every instance keeps ({@code ServingSnapshots}), or
 * from the topology's stores in an offline replay.
 *
 * @param profile the shopper's profile; null for an unknown shopper or a context-only request
 * @param neighbours neighbour lists of the source items (context and recent items), by item
 * @param trending global trending items, most popular first
 * @param trendingByCategory trending items per top-level category, for the categories asked for
 * @param newest the newest catalog items (the last backfill), in the request's category when given
 * @param catalog catalog entries by id, at least of every candidate the snapshot names (the whole
 *     in-process catalog when serving); absent = unknown or deleted
 * @param fallback built without Redis (it was slow or down): nothing personal, only popular and new items
 */
public record RecommendationSnapshot(
        ShopperProfile profile,
        Map<String, NeighbourList> neighbours,
        List<TrendingEntry> trending,
        Map<String, List<TrendingEntry>> trendingByCategory,
        List<String> newest,
        Map<String, CatalogItem> catalog,
        boolean fallback) {

    /** A snapshot read from the serving store or the topology's stores. */
    public RecommendationSnapshot(
            ShopperProfile profile,
            Map<String, NeighbourList> neighbours,
            List<TrendingEntry> trending,
            Map<String, List<TrendingEntry>> trendingByCategory,
            List<String> newest,
            Map<String, CatalogItem> catalog) {
        this(profile, neighbours, trending, trendingByCategory, newest, catalog, false);
    }

    /** An item and its {@code log2} forward-decayed popularity (see {@code TrendingScore}). */
    public record TrendingEntry(String itemId, double logScore) {}
}
