package dev.lodestone.platform.kafka;

import dev.lodestone.platform.config.LodestoneConfig;
import dev.lodestone.platform.kafka.streams.KafkaDeadLetterSink;
import dev.lodestone.platform.metrics.LodestoneMetrics;
import dev.lodestone.platform.security.ServerSecret;
import dev.lodestone.points.CouponCodes;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.interceptor.Interceptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.kafka.streams.Topology;
import org.jboss.logging.Logger;

/** Hands the engine's topology to the Quarkus Kafka Streams extension. */
@ApplicationScoped
public class TopologyProducer {

    private static final Logger LOG = Logger.getLogger(TopologyProducer.class);

    /** File name of the coupon secret under {@code <data dir>/keys}. */
    static final String COUPON_SECRET_FILE = "coupon-secret";

    @Produces
    Topology topology(LodestoneConfig config, LodestoneMetrics metrics) {
        Topology topology = TopologyFactory.build(
                config,
                couponCodes(config),
                metrics::deadLetter,
                config.streams().partitions());
        LOG.infof("Kafka Streams topology:%n%s", topology.describe());
        return topology;
    }

    /** After Kafka Streams has closed (default-priority observers run first), so no handler still writes. */
    void closeDeadLetterProducers(@Observes @Priority(Interceptor.Priority.PLATFORM_AFTER + 1000) ShutdownEvent event) {
        KafkaDeadLetterSink.closeAll();
    }

    /** The configured coupon secret, else the one this engine created in its data directory. */
    static CouponCodes couponCodes(LodestoneConfig config) {
        byte[] secret = config.points()
                .couponSecret()
                .map(s -> s.getBytes(StandardCharsets.UTF_8))
                .orElseGet(() -> ServerSecret.ensure(Path.of(config.resolvedDataDir()), COUPON_SECRET_FILE));
        return new CouponCodes(secret);
    }
}
