package dev.lodestone.activity.store;

import dev.lodestone.activity.ShopperActivity;
import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.platform.metrics.LodestoneMetrics;
import dev.lodestone.platform.redis.ProjectionRetry;
import dev.lodestone.platform.redis.RedisKeys;
import dev.lodestone.platform.redis.VersionedProjection;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Projects {@code shopper-activity} into Redis, where the API reads it. */
@ApplicationScoped
public class ActivityProjection {

    public static final String CHANNEL = "activity-projection";

    private final VersionedProjection projection;
    private final LodestoneMetrics metrics;

    ActivityProjection(ReactiveRedisDataSource redis, LodestoneMetrics metrics) {
        this.projection = new VersionedProjection(redis);
        this.metrics = metrics;
    }

    @Incoming(CHANNEL)
    public Uni<Void> project(Record<String, String> record) throws IOException {
        if (record.value() == null) {
            return Uni.createFrom().voidItem();
        }
        ShopperActivity activity = JsonSerde.MAPPER.readValue(record.value(), ShopperActivity.class);
        return ProjectionRetry.untilWritten(
                        projection.write(RedisKeys.activity(activity.shopperKey()), activity.version(), record.value()))
                .invoke(written -> {
                    if (written && activity.lastReceivedAt() != null) {
                        metrics.freshness("activity", Duration.between(activity.lastReceivedAt(), Instant.now()));
                    }
                })
                .replaceWithVoid();
    }
}
