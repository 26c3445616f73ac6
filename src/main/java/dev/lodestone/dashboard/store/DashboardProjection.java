package dev.lodestone.dashboard.store;

import dev.lodestone.dashboard.DashboardKeys;
import dev.lodestone.platform.projection.RedisProjection;
import dev.lodestone.platform.redis.ProjectionBatch;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Projects {@code dashboard-parts} into one Redis hash, source → latest part, which {@link DashboardSnapshots}
 * reads whole once per interval. A part is replaced every interval, so an older one written during a
 * rebalance is corrected within a second; no version is kept.
 */
@ApplicationScoped
public class DashboardProjection implements RedisProjection {

    public static final String CHANNEL = "dashboard-projection";

    private final ReactiveRedisDataSource redis;

    DashboardProjection(ReactiveRedisDataSource redis) {
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
        if (record.key() == null) {
            return Uni.createFrom().voidItem();
        }
        if (record.value() == null) {
            return redis.hash(String.class)
                    .hdel(DashboardKeys.parts(), record.key())
                    .replaceWithVoid();
        }
        return redis.hash(String.class)
                .hset(DashboardKeys.parts(), record.key(), record.value())
                .replaceWithVoid();
    }
}
