package dev.lodestone.recommend;

import dev.lodestone.catalog.CatalogItem;
import dev.lodestone.catalog.streams.CatalogTopology;
import dev.lodestone.profile.ShopperProfile;
import dev.lodestone.profile.streams.ProfileTopology;
import dev.lodestone.recommend.RecommendationSnapshot.TrendingEntry;
import dev.lodestone.similarity.NeighbourList;
import dev.lodestone.similarity.streams.SimilarityTopology;
import dev.lodestone.trending.TrendingScore;
import dev.lodestone.trending.streams.TrendingTopology;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Builds snapshots straight from the topology's state stores (an in-process replay with
 * {@link TopologyTestDriver}), holding exactly what the Redis projections would hold: top-K
 * neighbours, the top trending lists, the catalog. Trending lists are computed by
 * {@link #refreshTrending()} (a full scan), so a replay calls it when it wants, not per request.
 */
public final class StoreSnapshotSource implements RecommendationSnapshotSource {

    private final Function<String, ShopperProfile> profiles;
    private final Function<String, NeighbourList> neighbours;
    private final Function<String, CatalogItem> catalog;
    private final KeyValueStore<String, TrendingScore> trendingStore;
    private final int neighbourLimit;
    private final int trendingLimit;
    private List<TrendingEntry> trending = List.of();
    private Map<String, List<TrendingEntry>> trendingByCategory = Map.of();

    public StoreSnapshotSource(
            Function<String, ShopperProfile> profiles,
            Function<String, NeighbourList> neighbours,
            Function<String, CatalogItem> catalog,
            KeyValueStore<String, TrendingScore> trendingStore,
            int neighbourLimit,
            int trendingLimit) {
        this.profiles = profiles;
        this.neighbours = neighbours;
        this.catalog = catalog;
        this.trendingStore = trendingStore;
        this.neighbourLimit = neighbourLimit;
        this.trendingLimit = trendingLimit;
    }

    /** Reads the production stores of a driver built from {@code EngineTopology}. */
    public static StoreSnapshotSource of(TopologyTestDriver driver, int neighbourLimit, int trendingLimit) {
        KeyValueStore<String, ShopperProfile> profiles = driver.getKeyValueStore(ProfileTopology.STORE);
        KeyValueStore<String, NeighbourList> lists = driver.getKeyValueStore(SimilarityTopology.STORE);
        KeyValueStore<String, ValueAndTimestamp<CatalogItem>> items =
                driver.getTimestampedKeyValueStore(CatalogTopology.STORE);
        return new StoreSnapshotSource(
                profiles::get,
                lists::get,
                id -> ValueAndTimestamp.getValueOrNull(items.get(id)),
                driver.getKeyValueStore(TrendingTopology.STORE),
                neighbourLimit,
                trendingLimit);
    }

    /** Recomputes the trending lists from the store (global and per top-level category). */
    public void refreshTrending() {
        List<TrendingScore> all = new ArrayList<>();
        try (KeyValueIterator<String, TrendingScore> it = trendingStore.all()) {
            while (it.hasNext()) {
                KeyValue<String, TrendingScore> kv = it.next();
                all.add(kv.value);
            }
        }
        all.sort(Comparator.comparingDouble(TrendingScore::logScore).reversed().thenComparing(TrendingScore::itemId));
        List<TrendingEntry> global = new ArrayList<>();
        Map<String, List<TrendingEntry>> byCategory = new HashMap<>();
        for (TrendingScore s : all) {
            TrendingEntry entry = new TrendingEntry(s.itemId(), s.logScore());
            if (global.size() < trendingLimit) {
                global.add(entry);
            }
            if (s.topCategory() != null) {
                List<TrendingEntry> list = byCategory.computeIfAbsent(s.topCategory(), c -> new ArrayList<>());
                if (list.size() < trendingLimit) {
                    list.add(entry);
                }
            }
        }
        trending = global;
        trendingByCategory = byCategory;
    }

    @Override
    public Uni<RecommendationSnapshot> fetch(RecommendationRequest request, int recentSources) {
        return Uni.createFrom().item(snapshot(request, recentSources));
    }

    /** The synchronous form, for a replay loop. */
    public RecommendationSnapshot snapshot(RecommendationRequest request, int recentSources) {
        ShopperProfile profile = request.shopperKey() == null ? null : profiles.apply(request.shopperKey());
        List<String> sources = new ArrayList<>(request.context());
        if (profile != null) {
            profile.recent().stream().limit(recentSources).forEach(r -> sources.add(r.itemId()));
        }
        Map<String, NeighbourList> lists = new LinkedHashMap<>();
        Map<String, CatalogItem> items = new HashMap<>();
        for (String source : sources) {
            if (!lists.containsKey(source)) {
                NeighbourList list = neighbours.apply(source);
                if (list != null) {
                    NeighbourList top = list.top(neighbourLimit);
                    lists.put(source, top);
                    top.neighbours().forEach(n -> put(items, n.itemId()));
                }
            }
            put(items, source);
        }
        Map<String, List<TrendingEntry>> categories = new LinkedHashMap<>();
        List<TrendingEntry> global = List.of();
        if (!request.similarOnly()) {
            global = trending;
            List<String> wanted = new ArrayList<>();
            if (request.category() != null) {
                wanted.add(CatalogItem.topCategory(request.category()));
            } else if (profile != null) {
                profile.categories().entrySet().stream()
                        .filter(e -> !e.getKey().contains(CatalogItem.CATEGORY_SEPARATOR))
                        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                        .limit(2)
                        .forEach(e -> wanted.add(e.getKey()));
            }
            for (String c : wanted) {
                categories.put(c, trendingByCategory.getOrDefault(c, List.of()));
            }
            global.forEach(e -> put(items, e.itemId()));
            categories.values().forEach(list -> list.forEach(e -> put(items, e.itemId())));
        }
        return new RecommendationSnapshot(profile, lists, global, categories, List.of(), items);
    }

    private void put(Map<String, CatalogItem> items, String id) {
        if (!items.containsKey(id)) {
            CatalogItem item = catalog.apply(id);
            if (item != null) {
                items.put(id, item);
            }
        }
    }
}
