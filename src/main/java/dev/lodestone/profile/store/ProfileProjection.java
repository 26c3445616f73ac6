package dev.lodestone.profile.store;

import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.platform.metrics.LodestoneMetrics;
import dev.lodestone.platform.projection.RedisProjection;
import dev.lodestone.platform.redis.ForgettableProjection;
import dev.lodestone.platform.redis.ProjectionBatch;
import dev.lodestone.profile.ProfileConfig;
import dev.lodestone.profile.ProfileKeys;
import dev.lodestone.profile.ProfileTopics;
import dev.lodestone.profile.ShopperProfile;
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
 * Projects {@code shopper-profiles} into Redis with a version compare-and-set. A profile expires
 * {@code lodestone.profile.redis-ttl} after the shopper's newest event.
 *
 * <p>A tombstone (forgotten shopper) deletes the profile and leaves a marker with the forget time
 * for a day, under a digest of the shopper key ({@link ForgettableProjection}): a redelivered older
 * profile cannot resurrect the shopper, while the first profile built from an event received after
 * the forget is written normally.
 */
@ApplicationScoped
public class ProfileProjection implements RedisProjection {

    public static final String CHANNEL = "profile-projection";
    /** The {@code view} tag of this read model's freshness. */
    public static final String VIEW = "profile";

    private final ForgettableProjection projection;
    private final LodestoneMetrics.Freshness freshness;
    private final Duration ttl;

    ProfileProjection(ReactiveRedisDataSource redis, LodestoneMetrics metrics, ProfileConfig config) {
        this.projection = new ForgettableProjection(redis);
        this.freshness = metrics.freshness(VIEW);
        this.ttl = config.redisTtl();
    }

    @Override
    public List<String> channels() {
        return List.of(CHANNEL);
    }

    @Incoming(CHANNEL)
    public Uni<Void> project(ConsumerRecords<String, byte[]> records) {
        return ProjectionBatch.lastPerKey(records, this::write);
    }

    private Uni<Void> write(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return projection.forget(
                    ProfileKeys.profile(record.key()),
                    ProfileKeys.forgotten(record.key()),
                    Instant.ofEpochMilli(record.timestamp()));
        }
        ShopperProfile profile = ProfileTopics.SHOPPER_PROFILES.readValue(record.value());
        return projection
                .write(
                        ProfileKeys.profile(record.key()),
                        ProfileKeys.forgotten(record.key()),
                        profile.version(),
                        // Redis keeps JSON: the profile endpoint answers it as it is.
                        JsonSerde.write(profile),
                        profile.lastReceivedAt(),
                        ttl)
                .invoke(written -> {
                    if (written && profile.lastReceivedAt() != null) {
                        freshness.visibleSince(profile.lastReceivedAt().toEpochMilli());
                    }
                })
                .replaceWithVoid();
    }
}
