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
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Projects {@code shopper-activity} into Redis, where the API reads it. */
@ApplicationScoped
public class ActivityProjection implements RedisProjection {

    public static final String CHANNEL = "activity-projection";
    /** The {@code view} tag of this read model's freshness. */
    public static final String VIEW = "activity";

    private final VersionedProjection projection;
    private final LodestoneMetrics.Freshness freshness;

    ActivityProjection(ReactiveRedisDataSource redis, LodestoneMetrics metrics) {
        this.projection = new VersionedProjection(redis);
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

    private Uni<Void> write(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return Uni.createFrom().voidItem();
        }
        ShopperActivity activity = JsonSerde.read(record.value(), ShopperActivity.class);
        return projection
                .write(ActivityKeys.activity(activity.shopperKey()), activity.version(), record.value())
                .invoke(written -> {
                    if (written && activity.lastReceivedAt() != null) {
                        freshness.visibleSince(activity.lastReceivedAt().toEpochMilli());
                    }
                })
                .replaceWithVoid();
    }
}
