package dev.lodestone.experiments.store;

import dev.lodestone.experiments.ExperimentsKeys;
import dev.lodestone.experiments.VariantTotals;
import dev.lodestone.platform.kafka.JsonSerde;
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

/** Projects {@code experiment-results} into Redis (one versioned hash per variant), where {@link ExperimentReads} finds it. */
@ApplicationScoped
public class ResultsProjection implements RedisProjection {

    public static final String CHANNEL = "experiments-results-projection";

    private final VersionedProjection projection;

    ResultsProjection(ReactiveRedisDataSource redis) {
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
        VariantTotals totals = JsonSerde.read(record.value(), VariantTotals.class);
        return projection
                .write(ExperimentsKeys.totals(totals.experiment(), totals.variant()), totals.version(), record.value())
                .replaceWithVoid();
    }
}
