package dev.lodestone.activity.store;

import dev.lodestone.activity.ActivityKeys;
import dev.lodestone.platform.redis.VersionedProjection;
import dev.lodestone.shopper.ShopperEvent;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reads what {@link ActivityProjection} wrote: the one place that knows where a shopper's activity
 * lives in Redis. Answers the stored JSON as is, so a read costs one round trip and no re-encoding.
 */
@ApplicationScoped
public class ActivityReads {

    private final VersionedProjection projection;

    ActivityReads(ReactiveRedisDataSource redis) {
        this.projection = new VersionedProjection(redis);
    }

    /** A user's activity as {@code ShopperActivity} JSON, or null when the engine has seen none. */
    public Uni<String> ofUser(String userId) {
        return projection.read(ActivityKeys.activity(ShopperEvent.userKey(userId)));
    }
}
