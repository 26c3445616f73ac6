package dev.lodestone.similarity.store;

import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.platform.redis.ProjectionRetry;
import dev.lodestone.platform.redis.RedisKeys;
import dev.lodestone.platform.redis.VersionedProjection;
import dev.lodestone.similarity.NeighbourList;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Projects {@code item-neighbours} into Redis, never moving a list back to an older version. */
@ApplicationScoped
public class NeighbourProjection {

    public static final String CHANNEL = "neighbours-projection";

    private final VersionedProjection projection;

    NeighbourProjection(ReactiveRedisDataSource redis) {
        this.projection = new VersionedProjection(redis);
    }

    @Incoming(CHANNEL)
    public Uni<Void> project(ConsumerRecord<String, String> record) throws IOException {
        if (record.key() == null || record.value() == null) {
            return Uni.createFrom().voidItem();
        }
        NeighbourList list = JsonSerde.MAPPER.readValue(record.value(), NeighbourList.class);
        return ProjectionRetry.untilWritten(
                        projection.write(RedisKeys.neighbours(record.key()), list.version(), record.value()))
                .replaceWithVoid();
    }
}
