package dev.lodestone.recommend.store;

import dev.lodestone.catalog.store.CatalogCache;
import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.platform.projection.RedisProjection;
import dev.lodestone.platform.redis.ForgettableProjection;
import dev.lodestone.platform.redis.ProjectionBatch;
import dev.lodestone.profile.ShopperProfile;
import dev.lodestone.recommend.RankedItem;
import dev.lodestone.recommend.Ranker;
import dev.lodestone.recommend.RankerSettings;
import dev.lodestone.recommend.RecommendConfig;
import dev.lodestone.recommend.RecommendKeys;
import dev.lodestone.recommend.RecommendationRequest;
import dev.lodestone.recommend.RecommendationSnapshot;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Keeps each shopper's ranked candidates in Redis: on every change of the shopper's profile
 * ({@code shopper-profiles}), ranks the plain request (no context, category or price; the default
 * ranking) from the profile and this instance's item lists, and writes the best
 * {@code materialised-candidates} with their scores and reasons as one compact value
 * ({@link CandidateCodec}). Serving a plain recommendation then reads that one value and only filters
 * it (exclusions, stock) and applies the category cap, instead of parsing the profile and ranking
 * hundreds of candidates per request.
 *
 * <p>The write is the profile projection's: a version compare-and-set, refused for a shopper forgotten
 * after the profile was built; the profile's tombstone deletes the candidates and leaves the marker; the
 * value expires {@code materialised-ttl} after the shopper's newest event. The value names the recent
 * items that had no neighbour list yet (a new item's list is published a moment after the profile that
 * names it): once one of them has a list, serving ranks from the profile instead. While this instance's item
 * lists are not loaded (start-up) nothing is written: the request path ranks those shoppers itself until
 * their next event.
 */
@ApplicationScoped
public class CandidateProjection implements RedisProjection {

    public static final String CHANNEL = "candidates-projection";

    private final ForgettableProjection projection;
    private final ServingSnapshots snapshots;
    private final ItemListCache lists;
    private final CatalogCache catalog;
    private final RecommendConfig config;
    private final Ranker ranker;

    CandidateProjection(
            ReactiveRedisDataSource redis,
            ServingSnapshots snapshots,
            ItemListCache lists,
            CatalogCache catalog,
            RecommendConfig config) {
        this.projection = new ForgettableProjection(redis);
        this.snapshots = snapshots;
        this.lists = lists;
        this.catalog = catalog;
        this.config = config;
        this.ranker = new Ranker(RankerSettings.from(config));
    }

    @Override
    public List<String> channels() {
        return List.of(CHANNEL);
    }

    @Incoming(CHANNEL)
    public Uni<Void> project(ConsumerRecords<String, String> records) {
        if (!config.materialised()) {
            return Uni.createFrom().voidItem();
        }
        return ProjectionBatch.lastPerKey(records, this::write);
    }

    private Uni<Void> write(ConsumerRecord<String, String> record) {
        String shopperKey = record.key();
        if (record.value() == null) {
            return projection.forget(
                    RecommendKeys.candidates(shopperKey),
                    RecommendKeys.forgotten(shopperKey),
                    Instant.ofEpochMilli(record.timestamp()));
        }
        if (!lists.loaded() || !catalog.loaded()) {
            return Uni.createFrom().voidItem();
        }
        ShopperProfile profile = JsonSerde.read(record.value(), ShopperProfile.class);
        RecommendationRequest plain = plain(shopperKey, config.defaultLimit());
        RecommendationSnapshot snapshot =
                snapshots.build(plain, profile, ranker.settings().recentSources());
        List<RankedItem> candidates = ranker.ordered(plain, snapshot, config.materialisedCandidates());
        List<String> missing = profile.recent().stream()
                .limit(ranker.settings().recentSources())
                .map(ShopperProfile.RecentItem::itemId)
                .filter(id -> !snapshot.neighbours().containsKey(id))
                .distinct()
                .toList();
        return projection
                .write(
                        RecommendKeys.candidates(shopperKey),
                        RecommendKeys.forgotten(shopperKey),
                        profile.version(),
                        CandidateCodec.encode(System.currentTimeMillis(), missing, candidates),
                        profile.lastReceivedAt(),
                        config.materialisedTtl())
                .replaceWithVoid();
    }

    /** The request whose candidates are kept: a shopper's list with nothing but a limit. */
    static RecommendationRequest plain(String shopperKey, int limit) {
        return new RecommendationRequest(shopperKey, List.of(), limit, null, null, null, Set.of(), false);
    }
}
