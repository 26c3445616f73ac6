package dev.lodestone.platform.kafka;

import dev.lodestone.platform.config.LodestoneConfig;
import dev.lodestone.platform.metrics.LodestoneMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.apache.kafka.streams.Topology;
import org.jboss.logging.Logger;

/** Hands the engine's topology to the Quarkus Kafka Streams extension. */
@ApplicationScoped
public class TopologyProducer {

    private static final Logger LOG = Logger.getLogger(TopologyProducer.class);

    @Produces
    Topology topology(LodestoneConfig config, LodestoneMetrics metrics) {
        Topology topology = TopologyFactory.build(config, metrics::deadLetter);
        LOG.infof("Kafka Streams topology:%n%s", topology.describe());
        return topology;
    }
}
