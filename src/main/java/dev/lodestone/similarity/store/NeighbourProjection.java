package dev.lodestone.similarity.store;

import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.platform.metrics.LodestoneMetrics;
import dev.lodestone.platform.projection.RedisProjection;
import dev.lodestone.platform.redis.ProjectionBatch;
import dev.lodestone.platform.redis.VersionedProjection;
import dev.lodestone.similarity.NeighbourList;
import dev.lodestone.similarity.SimilarityKeys;
import dev.lodestone.similarity.SimilarityTopics;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Projects {@code item-neighbours} into Redis, never moving a list back to an older version. */
@ApplicationScoped
public class NeighbourProjection implements RedisProjection {

    public static final String CHANNEL = "neighbours-projection";
    /** The {@code view} tag of this read model's freshness. */
    public static final String VIEW = "neighbours";

    private final VersionedProjection projection;
    private final LodestoneMetrics.Freshness freshness;

    NeighbourProjection(ReactiveRedisDataSource redis, LodestoneMetrics metrics) {
        this.projection = new VersionedProjection(redis);
        this.freshness = metrics.freshness(VIEW);
    }

    @Override
    public List<String> channels() {
        return List.of(CHANNEL);
    }

    @Incoming(CHANNEL)
    public Uni<Void> project(ConsumerRecords<String, byte[]> records) {
        return ProjectionBatch.lastPerKey(records, this::write);
    }

    private Uni<Boolean> write(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return Uni.createFrom().item(false);
        }
        NeighbourList list = SimilarityTopics.ITEM_NEIGHBOURS.readValue(record.value());
        // Redis keeps JSON, as it did when the topic was JSON: the served document is unchanged.
        return projection
                .write(SimilarityKeys.neighbours(record.key()), list.version(), JsonSerde.write(list))
                .invoke(written -> {
                    if (written) {
                        freshness.visibleSince(record.timestamp());
                    }
                });
    }
}
