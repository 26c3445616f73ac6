package dev.lodestone.signals.store;

import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.platform.redis.VersionedProjection;
import dev.lodestone.signals.NotInterested;
import dev.lodestone.signals.SignalsKeys;
import dev.lodestone.similarity.NeighbourList;
import dev.lodestone.similarity.SimilarityKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.hash.ReactiveHashCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where a shopper's "not interested" marks live in Redis: the projection of {@code shopper-not-interested}
 * ({@link SignalsKeys#notInterested}) and the request's own marks ({@link SignalsKeys#notInterestedNow}),
 * written as soon as the broker has the mark so that the next recommendation already honours it.
 */
@ApplicationScoped
public class NotInterestedStore {

    /** A shopper's marks: items to leave out, items to rank lower. */
    public record Marks(Set<String> excluded, Set<String> demoted) {
        public static final Marks NONE = new Marks(Set.of(), Set.of());
    }

    private final ReactiveRedisDataSource redis;
    private final ReactiveHashCommands<String, String, String> hashes;
    private final VersionedProjection projection;

    NotInterestedStore(ReactiveRedisDataSource redis) {
        this.redis = redis;
        this.hashes = redis.hash(String.class);
        this.projection = new VersionedProjection(redis);
    }

    /** The item's close neighbours (strongest first, at most {@code limit}), from the similarity read model. */
    public Uni<List<String>> neighbours(String itemId, int limit) {
        return projection
                .read(SimilarityKeys.neighbours(itemId))
                .map(json -> json == null
                        ? List.of()
                        : JsonSerde.read(json, NeighbourList.class).neighbours().stream()
                                .sorted(NeighbourList.STRONGEST_FIRST)
                                .map(NeighbourList.Neighbour::itemId)
                                .filter(id -> !id.equals(itemId))
                                .limit(limit)
                                .toList());
    }

    /** Writes the request's own mark: the item excluded, its neighbours demoted (never over an exclusion). */
    public Uni<Void> markNow(String shopperKey, String itemId, List<String> neighbours) {
        String key = SignalsKeys.notInterestedNow(shopperKey);
        Uni<Void> demote = neighbours.isEmpty()
                ? Uni.createFrom().voidItem()
                : Uni.join()
                        .all(neighbours.stream()
                                .map(n -> hashes.hsetnx(key, n, NotInterested.DEMOTE))
                                .toList())
                        .andFailFast()
                        .replaceWithVoid();
        return demote.chain(() -> hashes.hset(key, Map.of(itemId, NotInterested.EXCLUDE)))
                .chain(() -> redis.key(String.class).expire(key, SignalsKeys.NOT_INTERESTED_NOW_TTL_SECONDS))
                .replaceWithVoid();
    }

    /** A shopper's marks, projected and recent together. */
    public Uni<Marks> marks(String shopperKey) {
        Uni<String> projected = projection.read(SignalsKeys.notInterested(shopperKey));
        Uni<Map<String, String>> recent = hashes.hgetall(SignalsKeys.notInterestedNow(shopperKey));
        return Uni.combine().all().unis(projected, recent).asTuple().map(t -> marksOf(t.getItem1(), t.getItem2()));
    }

    /**
     * The marks from what Redis holds: the projected document ({@code d} of
     * {@link SignalsKeys#notInterested}, null for none) and the request's own marks (the hash
     * {@link SignalsKeys#notInterestedNow}), for a caller that reads them with other keys of the shopper.
     */
    public static Marks marksOf(String projectedJson, Map<String, String> recent) {
        Set<String> excluded = new HashSet<>();
        Set<String> demoted = new HashSet<>();
        if (projectedJson != null) {
            NotInterested marks = JsonSerde.read(projectedJson, NotInterested.class);
            excluded.addAll(marks.excluded());
            demoted.addAll(marks.demoted());
        }
        recent.forEach((item, mark) -> (NotInterested.EXCLUDE.equals(mark) ? excluded : demoted).add(item));
        demoted.removeAll(excluded);
        return excluded.isEmpty() && demoted.isEmpty()
                ? Marks.NONE
                : new Marks(Set.copyOf(excluded), Set.copyOf(demoted));
    }
}
