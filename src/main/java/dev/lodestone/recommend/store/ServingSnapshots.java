package dev.lodestone.recommend.store;

import dev.lodestone.catalog.CatalogItem;
import dev.lodestone.catalog.store.CatalogCache;
import dev.lodestone.profile.ShopperProfile;
import dev.lodestone.recommend.RecommendConfig;
import dev.lodestone.recommend.RecommendationRequest;
import dev.lodestone.recommend.RecommendationSnapshot;
import dev.lodestone.recommend.RecommendationSnapshot.TrendingEntry;
import dev.lodestone.similarity.NeighbourList;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Assembles what the ranker needs from the shopper's profile (the one per-shopper read, done by the
 * caller) and this instance's memory: neighbour lists and trending lists ({@link ItemListCache}),
 * the newest items and the catalog ({@link CatalogCache}). The selection is the one the snapshot
 * script made in Redis until now: the context, then the profile's first {@code recentSources} recent
 * items as sources; the trending lists of the requested top-level category, or of the profile's two
 * best top-level categories; the newest items of the requested top-level category or of all.
 */
@Singleton
public class ServingSnapshots {

    private final CatalogCache catalog;
    private final ItemListCache lists;
    private final int trendingCandidates;
    private final int catalogCandidates;

    ServingSnapshots(CatalogCache catalog, ItemListCache lists, RecommendConfig config) {
        this.catalog = catalog;
        this.lists = lists;
        this.trendingCandidates = config.trendingCandidates();
        this.catalogCandidates = config.catalogCandidates();
    }

    /**
     * The snapshot of one request.
     *
     * @param profile the shopper's profile, null for none (unknown shopper, {@code /similar}, {@code /trending})
     * @param recentSources how many of the profile's recent items become similarity sources
     */
    public RecommendationSnapshot build(RecommendationRequest request, ShopperProfile profile, int recentSources) {
        List<String> sources = new ArrayList<>(request.context());
        if (profile != null) {
            List<ShopperProfile.RecentItem> recent = profile.recent();
            for (int i = 0; i < Math.min(recent.size(), recentSources); i++) {
                sources.add(recent.get(i).itemId());
            }
        }
        Map<String, NeighbourList> neighbours = new HashMap<>();
        for (String id : sources) {
            if (!neighbours.containsKey(id)) {
                NeighbourList list = lists.neighbours(id);
                if (list != null) {
                    neighbours.put(id, list);
                }
            }
        }
        if (request.similarOnly()) {
            return new RecommendationSnapshot(profile, neighbours, List.of(), Map.of(), List.of(), catalog.items());
        }
        String requestedTop = CatalogItem.topCategory(request.category());
        Map<String, List<TrendingEntry>> byCategory = new LinkedHashMap<>();
        for (String top : requestedTop != null ? List.of(requestedTop) : bestTopCategories(profile)) {
            byCategory.put(top, lists.trending(top, trendingCandidates));
        }
        return new RecommendationSnapshot(
                profile,
                neighbours,
                lists.trending(trendingCandidates),
                byCategory,
                catalog.newest(requestedTop, catalogCandidates),
                catalog.items());
    }

    /** The in-process catalog, a live read-only view. */
    public Map<String, CatalogItem> catalog() {
        return catalog.items();
    }

    /** Changes with every change of the catalog (stock, availability, categories, the newest items). */
    public long catalogVersion() {
        return catalog.version();
    }

    /** The catalog's own instance of an item id, or the id given for an item the catalog does not hold. */
    public String itemId(String itemId) {
        CatalogItem item = catalog.items().get(itemId);
        return item == null ? itemId : item.itemId();
    }

    /** Whether this instance holds a neighbour list of the item. */
    public boolean hasNeighbours(String itemId) {
        return lists.neighbours(itemId) != null;
    }

    /**
     * Whether the item lists and the catalog are in memory (read up to where their topics were at
     * start-up): until then an unknown item or an empty list would be a wrong answer, not a true one.
     */
    public boolean loaded() {
        return lists.loaded() && catalog.loaded();
    }

    /** Whether the catalog knows the item (a {@code /similar} of an unknown item is a 404). */
    public boolean inCatalog(String itemId) {
        return catalog.items().containsKey(itemId);
    }

    /**
     * The profile's two best top-level categories, best first. Only affinities above −1 count, and the
     * first seen wins a tie, as in the script this replaces.
     */
    static List<String> bestTopCategories(ShopperProfile profile) {
        if (profile == null || profile.categories() == null) {
            return List.of();
        }
        String best = null;
        String second = null;
        double bestScore = -1;
        double secondScore = -1;
        for (Map.Entry<String, Double> e : profile.categories().entrySet()) {
            if (e.getKey().contains(CatalogItem.CATEGORY_SEPARATOR) || e.getValue() == null) {
                continue;
            }
            double score = e.getValue();
            if (score > bestScore) {
                second = best;
                secondScore = bestScore;
                best = e.getKey();
                bestScore = score;
            } else if (score > secondScore) {
                second = e.getKey();
                secondScore = score;
            }
        }
        List<String> tops = new ArrayList<>(2);
        if (best != null) {
            tops.add(best);
        }
        if (second != null) {
            tops.add(second);
        }
        return tops;
    }
}
