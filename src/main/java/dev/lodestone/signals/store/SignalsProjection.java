package dev.lodestone.signals.store;

import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.platform.projection.RedisProjection;
import dev.lodestone.platform.redis.ProjectionBatch;
import dev.lodestone.platform.redis.VersionedProjection;
import dev.lodestone.signals.DailyCounts;
import dev.lodestone.signals.SignalsKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Projects {@code signals-daily} into Redis, one versioned hash per series and day, where
 * {@link SignalsReads} sums them for the summaries. The counters name no shopper.
 */
@ApplicationScoped
public class SignalsProjection implements RedisProjection {

    public static final String CHANNEL = "signals-daily-projection";

    private final VersionedProjection projection;

    SignalsProjection(ReactiveRedisDataSource redis) {
        this.projection = new VersionedProjection(redis);
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
        DailyCounts counts = JsonSerde.read(record.value(), DailyCounts.class);
        return projection
                .write(
                        SignalsKeys.daily(counts.dimension(), counts.value(), counts.day()),
                        counts.version(),
                        record.value())
                .replaceWithVoid();
    }
}
