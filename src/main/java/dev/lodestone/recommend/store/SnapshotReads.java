package dev.lodestone.recommend.store;

import dev.lodestone.catalog.CatalogItem;
import dev.lodestone.catalog.CatalogKeys;
import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.profile.ProfileKeys;
import dev.lodestone.profile.ShopperProfile;
import dev.lodestone.recommend.RecommendationRequest;
import dev.lodestone.recommend.RecommendationSnapshot;
import dev.lodestone.recommend.RecommendationSnapshot.TrendingEntry;
import dev.lodestone.similarity.NeighbourList;
import dev.lodestone.similarity.SimilarityKeys;
import dev.lodestone.trending.TrendingKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.ResponseType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Reads what one recommendation needs from Redis in two rounds of single-key reads sent at once: first
 * the profile, the context's neighbour lists, the global (or requested category's) trending list and the
 * newest items; then what the profile points to (its recent items' neighbour lists, the trending lists of
 * its top two top-level categories). Every key is named by the engine, none computed inside Redis, so the
 * reads go to whichever node of a Redis Cluster holds each key.
 */
final class SnapshotReads {

    private final ReactiveRedisDataSource redis;
    private final Map<String, CatalogItem> catalog;
    private final int trendingCandidates;
    private final int catalogCandidates;

    SnapshotReads(
            ReactiveRedisDataSource redis,
            Map<String, CatalogItem> catalog,
            int trendingCandidates,
            int catalogCandidates) {
        this.redis = redis;
        this.catalog = catalog;
        this.trendingCandidates = trendingCandidates;
        this.catalogCandidates = catalogCandidates;
    }

    /** What one read found; filled by the reads of both rounds. */
    private static final class Found {
        volatile ShopperProfile profile;
        final Map<String, NeighbourList> neighbours = new ConcurrentHashMap<>();
        volatile List<TrendingEntry> trending = List.of();
        final Map<String, List<TrendingEntry>> byCategory = new ConcurrentHashMap<>();
        volatile List<String> newest = List.of();
    }

    Uni<RecommendationSnapshot> read(RecommendationRequest request, int recentSources) {
        Found found = new Found();
        boolean similarOnly = request.similarOnly();
        String requested =
                request.category() == null || request.category().isEmpty() ? null : topLevel(request.category());
        Set<String> asked = new LinkedHashSet<>(request.context());
        List<Uni<Void>> first = new ArrayList<>();
        if (request.shopperKey() != null) {
            first.add(hashDocument(
                    ProfileKeys.profile(request.shopperKey()),
                    json -> found.profile = JsonSerde.read(json, ShopperProfile.class)));
        }
        asked.forEach(id -> first.add(neighbours(id, found)));
        if (!similarOnly) {
            first.add(trending(TrendingKeys.trending(), list -> found.trending = list));
            if (requested != null) {
                first.add(trending(TrendingKeys.trending(requested), list -> found.byCategory.put(requested, list)));
            }
            String newestIndex = requested == null ? CatalogKeys.catalogIndex() : CatalogKeys.catalogIndex(requested);
            first.add(redis.execute(Command.ZREVRANGE, newestIndex, "0", String.valueOf(catalogCandidates - 1))
                    .invoke(r -> found.newest = ids(r))
                    .replaceWithVoid());
        }
        return all(first)
                .chain(() -> {
                    List<Uni<Void>> second = new ArrayList<>();
                    ShopperProfile profile = found.profile;
                    if (profile != null) {
                        if (profile.recent() != null) {
                            profile.recent().stream()
                                    .limit(recentSources)
                                    .map(ShopperProfile.RecentItem::itemId)
                                    .filter(asked::add)
                                    .forEach(id -> second.add(neighbours(id, found)));
                        }
                        if (requested == null && !similarOnly) {
                            for (String top : topTwo(profile.categories())) {
                                second.add(
                                        trending(TrendingKeys.trending(top), list -> found.byCategory.put(top, list)));
                            }
                        }
                    }
                    return all(second);
                })
                .map(ignored -> new RecommendationSnapshot(
                        found.profile,
                        Map.copyOf(found.neighbours),
                        found.trending,
                        new LinkedHashMap<>(found.byCategory),
                        found.newest,
                        catalog));
    }

    private Uni<Void> neighbours(String itemId, Found found) {
        return hashDocument(
                SimilarityKeys.neighbours(itemId),
                json -> found.neighbours.put(itemId, JsonSerde.read(json, NeighbourList.class)));
    }

    /** The {@code d} field of a versioned document, handed on when present. */
    private Uni<Void> hashDocument(String key, Consumer<String> onFound) {
        return redis.execute(Command.HGET, key, "d")
                .invoke(r -> {
                    if (r != null && !r.toString().isEmpty()) {
                        onFound.accept(r.toString());
                    }
                })
                .replaceWithVoid();
    }

    private Uni<Void> trending(String key, Consumer<List<TrendingEntry>> onRead) {
        return redis.execute(Command.ZREVRANGE, key, "0", String.valueOf(trendingCandidates - 1), "WITHSCORES")
                .invoke(r -> onRead.accept(entries(r)))
                .replaceWithVoid();
    }

    private static Uni<Void> all(List<Uni<Void>> reads) {
        if (reads.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.join().all(reads).andFailFast().replaceWithVoid();
    }

    /** The profile's two best top-level categories (no {@code /} in the name), best first. */
    static List<String> topTwo(Map<String, Double> categories) {
        if (categories == null) {
            return List.of();
        }
        return categories.entrySet().stream()
                .filter(e -> e.getKey().indexOf('/') < 0 && e.getValue() != null)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .limit(2)
                .map(Map.Entry::getKey)
                .toList();
    }

    private static String topLevel(String category) {
        int slash = category.indexOf('/');
        return slash < 0 ? category : category.substring(0, slash);
    }

    private static List<String> ids(Response response) {
        List<String> ids = new ArrayList<>();
        if (response != null) {
            response.forEach(id -> ids.add(id.toString()));
        }
        return ids;
    }

    /** A WITHSCORES reply: flat (id, score, id, score... over RESP2) or pairs (RESP3). */
    static List<TrendingEntry> entries(Response response) {
        List<TrendingEntry> entries = new ArrayList<>();
        if (response == null || response.size() == 0) {
            return entries;
        }
        if (response.get(0).type() == ResponseType.MULTI) {
            response.forEach(pair -> entries.add(
                    new TrendingEntry(pair.get(0).toString(), pair.get(1).toDouble())));
        } else {
            for (int i = 0; i + 1 < response.size(); i += 2) {
                entries.add(new TrendingEntry(
                        response.get(i).toString(), response.get(i + 1).toDouble()));
            }
        }
        return entries;
    }
}
