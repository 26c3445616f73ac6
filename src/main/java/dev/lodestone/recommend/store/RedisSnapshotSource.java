package dev.lodestone.recommend.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lodestone.catalog.CatalogItem;
import dev.lodestone.catalog.CatalogKeys;
import dev.lodestone.catalog.store.CatalogCache;
import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.platform.redis.LuaScript;
import dev.lodestone.profile.ProfileKeys;
import dev.lodestone.profile.ShopperProfile;
import dev.lodestone.recommend.RecommendConfig;
import dev.lodestone.recommend.RecommendationRequest;
import dev.lodestone.recommend.RecommendationSnapshot;
import dev.lodestone.recommend.RecommendationSnapshot.TrendingEntry;
import dev.lodestone.recommend.RecommendationSnapshotSource;
import dev.lodestone.similarity.NeighbourList;
import dev.lodestone.similarity.SimilarityKeys;
import dev.lodestone.trending.TrendingKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.faulttolerance.api.AsynchronousNonBlocking;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * Reads a snapshot from Redis in ONE round trip: a script reads the profile, follows its recent
 * items and the context to their neighbour lists, reads the trending lists and the newest items, and
 * returns them as one JSON document. Catalog entries come from the in-process {@code CatalogCache},
 * not from Redis: they were most of the bytes of every answer. Keys are computed inside the script,
 * so this needs a single Redis node (not Redis Cluster).
 *
 * <p>A storefront never waits on Redis longer than {@link #BUDGET_MS}: a read that is slower, that
 * fails, or that is not even tried because the circuit is open (most recent reads failed) is answered
 * from {@link FallbackSnapshots} instead.
 */
@ApplicationScoped
public class RedisSnapshotSource implements RecommendationSnapshotSource {

    /** The serving budget of the one Redis round trip. */
    static final long BUDGET_MS = 800;

    static final LuaScript SNAPSHOT = LuaScript.load("recommend-snapshot");

    private final ReactiveRedisDataSource redis;
    private final Map<String, CatalogItem> catalog;
    private final int trendingCandidates;
    private final int catalogCandidates;
    private final FallbackSnapshots fallback;

    RedisSnapshotSource(ReactiveRedisDataSource redis, CatalogCache catalog, RecommendConfig config) {
        this.redis = redis;
        this.catalog = catalog.items();
        this.trendingCandidates = config.trendingCandidates();
        this.catalogCandidates = config.catalogCandidates();
        this.fallback = new FallbackSnapshots(this.catalog, catalogCandidates);
    }

    @Override
    @AsynchronousNonBlocking
    @Timeout(BUDGET_MS)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5_000, successThreshold = 2)
    @Fallback(fallbackMethod = "fromMemory")
    public Uni<RecommendationSnapshot> fetch(RecommendationRequest request, int recentSources) {
        List<String> args = new ArrayList<>(10 + request.context().size());
        args.add(request.shopperKey() == null ? "" : ProfileKeys.profile(request.shopperKey()));
        args.add(SimilarityKeys.neighbours(""));
        args.add(TrendingKeys.trending());
        args.add(TrendingKeys.trending(""));
        args.add(CatalogKeys.catalogIndex());
        args.add(String.valueOf(recentSources));
        args.add(String.valueOf(trendingCandidates));
        args.add(String.valueOf(catalogCandidates));
        args.add(request.category() == null ? "" : request.category());
        args.add(request.similarOnly() ? "1" : "0");
        args.addAll(request.context());
        return SNAPSHOT.run(redis, List.of(), args)
                .map(response -> parse(response.toString(), catalog))
                .invoke(fallback::remember);
    }

    /** The fallback of {@link #fetch}: same signature, answered from memory. */
    Uni<RecommendationSnapshot> fromMemory(RecommendationRequest request, int recentSources) {
        return Uni.createFrom().item(() -> fallback.snapshot(request));
    }

    static RecommendationSnapshot parse(String json, Map<String, CatalogItem> catalog) {
        try {
            JsonNode root = JsonSerde.MAPPER.readTree(json);
            ShopperProfile profile = null;
            JsonNode p = root.get("profile");
            if (p != null && p.isTextual() && !p.asText().isEmpty()) {
                profile = JsonSerde.MAPPER.readValue(p.asText(), ShopperProfile.class);
            }
            Map<String, NeighbourList> neighbours = new HashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = fields(root.get("neighbours")); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isTextual() && !e.getValue().asText().isEmpty()) {
                    neighbours.put(
                            e.getKey(), JsonSerde.MAPPER.readValue(e.getValue().asText(), NeighbourList.class));
                }
            }
            Map<String, List<TrendingEntry>> byCategory = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = fields(root.get("trendingByCategory")); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                byCategory.put(e.getKey(), trending(e.getValue()));
            }
            List<String> newest = new ArrayList<>();
            JsonNode n = root.get("newest");
            if (n != null && n.isArray()) {
                n.forEach(id -> newest.add(id.asText()));
            }
            return new RecommendationSnapshot(
                    profile, neighbours, trending(root.get("trending")), byCategory, newest, catalog);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Iterator<Map.Entry<String, JsonNode>> fields(JsonNode node) {
        return node == null || !node.isObject() ? java.util.Collections.emptyIterator() : node.fields();
    }

    /** A WITHSCORES reply: id, score, id, score... (an empty Lua table arrives as {}). */
    private static List<TrendingEntry> trending(JsonNode node) {
        List<TrendingEntry> entries = new ArrayList<>();
        if (node != null && node.isArray()) {
            for (int i = 0; i + 1 < node.size(); i += 2) {
                entries.add(new TrendingEntry(
                        node.get(i).asText(), Double.parseDouble(node.get(i + 1).asText())));
            }
        }
        return entries;
    }
}
