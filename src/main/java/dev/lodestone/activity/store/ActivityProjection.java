package dev.lodestone.activity.store;

import dev.lodestone.activity.ActivityConfig;
import dev.lodestone.activity.ActivityKeys;
import dev.lodestone.activity.ShopperActivity;
import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.platform.metrics.LodestoneMetrics;
import dev.lodestone.platform.projection.RedisProjection;
import dev.lodestone.platform.redis.ForgettableProjection;
import dev.lodestone.platform.redis.ProjectionBatch;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Projects {@code shopper-activity} into Redis, where {@link ActivityReads} finds it for the API. A shopper's activity expires
 * {@code lodestone.activity.redis-ttl} after their newest event; a tombstone (forgotten shopper)
 * deletes it and leaves the forgotten marker ({@link ForgettableProjection}).
 */
@ApplicationScoped
public class ActivityProjection implements RedisProjection {

    public static final String CHANNEL = "activity-projection";
    /** The {@code view} tag of this read model's freshness. */
    public static final String VIEW = "activity";

    private final ForgettableProjection projection;
    private final LodestoneMetrics.Freshness freshness;
    private final Duration ttl;

    ActivityProjection(ReactiveRedisDataSource redis, LodestoneMetrics metrics, ActivityConfig config) {
        this.projection = new ForgettableProjection(redis);
        this.freshness = metrics.freshness(VIEW);
        this.ttl = config.redisTtl();
    }

    @Override
    public List<String> channels() {
        return List.of(CHANNEL);
    }

    @Incoming(CHANNEL)
    public Uni<Void> project(ConsumerRecords<String, String> records) {
        return ProjectionBatch.lastPerKey(records, this::write);
    }

    private Uni<Void> write(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            // The tombstone carries the forget time (or the shopper's newest event time, if later).
            return projection.forget(
                    ActivityKeys.activity(record.key()),
                    ActivityKeys.forgotten(record.key()),
                    Instant.ofEpochMilli(record.timestamp()));
        }
        ShopperActivity activity = JsonSerde.read(record.value(), ShopperActivity.class);
        return projection
                .write(
                        ActivityKeys.activity(activity.shopperKey()),
                        ActivityKeys.forgotten(activity.shopperKey()),
                        activity.version(),
                        record.value(),
                        activity.lastReceivedAt(),
                        ttl)
                .invoke(written -> {
                    if (written && activity.lastReceivedAt() != null) {
                        freshness.visibleSince(activity.lastReceivedAt().toEpochMilli());
                    }
                })
                .replaceWithVoid();
    }
}
