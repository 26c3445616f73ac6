package dev.lodestone.profile.store;

import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.platform.metrics.LodestoneMetrics;
import dev.lodestone.platform.projection.RedisProjection;
import dev.lodestone.platform.redis.LuaScript;
import dev.lodestone.platform.redis.ProjectionBatch;
import dev.lodestone.profile.ProfileKeys;
import dev.lodestone.profile.ShopperProfile;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Projects {@code shopper-profiles} into Redis with a version compare-and-set.
 *
 * <p>A tombstone (forgotten shopper) leaves a marker {@code v=<forget time in µs>, d=""} that
 * expires after a day: a redelivered older profile cannot resurrect the shopper, while the first
 * profile built after the forget (its version is at least its intake time in µs) replaces it.
 */
@ApplicationScoped
public class ProfileProjection implements RedisProjection {

    public static final String CHANNEL = "profile-projection";
    /** The {@code view} tag of this read model's freshness. */
    public static final String VIEW = "profile";

    static final long MARKER_TTL_SECONDS = 86_400;

    private static final LuaScript WRITE = LuaScript.load("profile-compare-and-set");

    private final ReactiveRedisDataSource redis;
    private final LodestoneMetrics.Freshness freshness;

    ProfileProjection(ReactiveRedisDataSource redis, LodestoneMetrics metrics) {
        this.redis = redis;
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
            return WRITE.run(
                            redis,
                            List.of(ProfileKeys.profile(record.key())),
                            List.of(String.valueOf(record.timestamp() * 1000), "", String.valueOf(MARKER_TTL_SECONDS)))
                    .replaceWithVoid();
        }
        ShopperProfile profile = JsonSerde.read(record.value(), ShopperProfile.class);
        return WRITE.run(
                        redis,
                        List.of(ProfileKeys.profile(record.key())),
                        List.of(String.valueOf(profile.version()), record.value(), "0"))
                .invoke(response -> {
                    if (response.toInteger() == 1 && profile.lastReceivedAt() != null) {
                        freshness.visibleSince(profile.lastReceivedAt().toEpochMilli());
                    }
                })
                .replaceWithVoid();
    }
}
