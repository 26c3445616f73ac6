package dev.lodestone.platform.projection;

import java.util.List;

/**
 * A bean that projects Kafka topics into Redis through SmallRye Kafka channels. Every Redis key the
 * engine serves is such a projection, so Redis can always be rebuilt from Kafka: the
 * {@link ProjectionMonitor} finds every implementation, replays their channels when Redis lost its
 * data, and reports how far behind they are. A channel listed here must use the projection consumer
 * settings ({@code mp.messaging.incoming.<channel>.kafka-configuration=lodestone-projection}) and
 * report the records it wrote ({@link ProjectionProgress#applied}).
 */
public interface RedisProjection {

    /** The incoming channels this bean consumes. */
    List<String> channels();
}
