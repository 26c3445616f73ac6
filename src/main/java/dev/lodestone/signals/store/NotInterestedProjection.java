package dev.lodestone.signals.store;

import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.platform.projection.RedisProjection;
import dev.lodestone.platform.redis.ForgettableProjection;
import dev.lodestone.platform.redis.ProjectionBatch;
import dev.lodestone.signals.NotInterested;
import dev.lodestone.signals.SignalsKeys;
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
 * Projects {@code shopper-not-interested} into Redis for {@link NotInterestedStore}. A tombstone (forgotten
 * shopper) deletes the marks, the request's own marks too, and leaves the forgotten marker.
 */
@ApplicationScoped
public class NotInterestedProjection implements RedisProjection {

    public static final String CHANNEL = "signals-not-interested-projection";

    /** How long a shopper's marks stay after their newest one. */
    static final Duration TTL = Duration.ofDays(180);

    private final ForgettableProjection projection;
    private final ReactiveRedisDataSource redis;

    NotInterestedProjection(ReactiveRedisDataSource redis) {
        this.projection = new ForgettableProjection(redis);
        this.redis = redis;
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
        String shopperKey = record.key();
        if (record.value() == null) {
            return projection
                    .forget(
                            SignalsKeys.notInterested(shopperKey),
                            SignalsKeys.forgotten(shopperKey),
                            Instant.ofEpochMilli(record.timestamp()))
                    .chain(() -> redis.key(String.class).del(SignalsKeys.notInterestedNow(shopperKey)))
                    .replaceWithVoid();
        }
        NotInterested marks = JsonSerde.read(record.value(), NotInterested.class);
        return projection
                .write(
                        SignalsKeys.notInterested(shopperKey),
                        SignalsKeys.forgotten(shopperKey),
                        marks.version(),
                        record.value(),
                        marks.at(),
                        TTL)
                .replaceWithVoid();
    }
}
