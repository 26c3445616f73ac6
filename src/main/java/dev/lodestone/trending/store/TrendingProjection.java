package dev.lodestone.trending.store;

import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.platform.metrics.LodestoneMetrics;
import dev.lodestone.platform.projection.RedisProjection;
import dev.lodestone.platform.redis.LuaScript;
import dev.lodestone.platform.redis.ProjectionBatch;
import dev.lodestone.trending.TrendingConfig;
import dev.lodestone.trending.TrendingKeys;
import dev.lodestone.trending.TrendingScore;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Projects {@code item-trending} into bounded Redis sorted sets (global and per top-level category).
 * Scores only grow ({@code ZADD GT}), so a redelivered older score never lowers an item.
 */
@ApplicationScoped
public class TrendingProjection implements RedisProjection {

    public static final String CHANNEL = "trending-projection";
    /** The {@code view} tag of this read model's freshness. */
    public static final String VIEW = "trending";

    private static final LuaScript ADD = LuaScript.load("trending-add");

    private final ReactiveRedisDataSource redis;
    private final int keep;
    private final LodestoneMetrics.Freshness freshness;

    TrendingProjection(ReactiveRedisDataSource redis, TrendingConfig config, LodestoneMetrics metrics) {
        this.redis = redis;
        this.keep = config.keep();
        this.freshness = metrics.freshness(VIEW);
    }

    @Override
    public List<String> channels() {
        return List.of(CHANNEL);
    }

    @Incoming(CHANNEL)
    public Uni<Void> project(ConsumerRecords<String, String> records) {
        return ProjectionBatch.lastPerKey(records, this::write);
    }

    private Uni<?> write(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return Uni.createFrom().voidItem();
        }
        TrendingScore score = JsonSerde.read(record.value(), TrendingScore.class);
        List<String> keys = score.topCategory() == null
                ? List.of(TrendingKeys.trending())
                : List.of(TrendingKeys.trending(), TrendingKeys.trending(score.topCategory()));
        return ADD.run(redis, keys, List.of(String.valueOf(score.logScore()), record.key(), String.valueOf(keep)))
                .invoke(() -> freshness.visibleSince(record.timestamp()));
    }
}
