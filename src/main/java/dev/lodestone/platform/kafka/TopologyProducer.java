package dev.lodestone.platform.kafka;

import dev.lodestone.platform.config.LodestoneConfig;
import dev.lodestone.platform.kafka.streams.KafkaDeadLetterSink;
import dev.lodestone.platform.metrics.LodestoneMetrics;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.interceptor.Interceptor;
import org.apache.kafka.streams.Topology;
import org.jboss.logging.Logger;

/** Hands the engine's topology to the Quarkus Kafka Streams extension. */
@ApplicationScoped
public class TopologyProducer {

    private static final Logger LOG = Logger.getLogger(TopologyProducer.class);

    @Produces
    Topology topology(LodestoneConfig config, LodestoneMetrics metrics) {
        Topology topology = TopologyFactory.build(
                config, metrics::deadLetter, config.streams().partitions());
        LOG.infof("Kafka Streams topology:%n%s", topology.describe());
        return topology;
    }

    /** After Kafka Streams has closed (default-priority observers run first), so no handler still writes. */
    void closeDeadLetterProducers(@Observes @Priority(Interceptor.Priority.PLATFORM_AFTER + 1000) ShutdownEvent event) {
        KafkaDeadLetterSink.closeAll();
    }
}
