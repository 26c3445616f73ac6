package dev.lodestone.activity.store;

import dev.lodestone.activity.ActivityKeys;
import dev.lodestone.activity.ShopperActivity;
import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.platform.metrics.LodestoneMetrics;
import dev.lodestone.platform.projection.RedisProjection;
import dev.lodestone.platform.redis.ProjectionBatch;
import dev.lodestone.platform.redis.VersionedProjection;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Projects {@code shopper-activity} into Redis, where {@link ActivityReads} finds it for the API. */
@ApplicationScoped
public class ActivityProjection implements RedisProjection {

    public static final String CHANNEL = "activity-projection";

    private final VersionedProjection projection;
    private final LodestoneMetrics metrics;

    ActivityProjection(ReactiveRedisDataSource redis, LodestoneMetrics metrics) {
        this.projection = new VersionedProjection(redis);
        this.metrics = metrics;
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
            return Uni.createFrom().voidItem();
        }
        ShopperActivity activity = JsonSerde.read(record.value(), ShopperActivity.class);
        return projection
                .write(ActivityKeys.activity(activity.shopperKey()), activity.version(), record.value())
                .invoke(written -> {
                    if (written && activity.lastReceivedAt() != null) {
                        metrics.freshness("activity", Duration.between(activity.lastReceivedAt(), Instant.now()));
                    }
                })
                .replaceWithVoid();
    }
}
