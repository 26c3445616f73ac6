package dev.lodestone.engine;

import dev.lodestone.gifts.CouponCodes;
import dev.lodestone.gifts.GiftsConfig;
import dev.lodestone.platform.config.Role;
import dev.lodestone.platform.kafka.TopicRegistry;
import dev.lodestone.platform.kafka.streams.KafkaDeadLetterSink;
import dev.lodestone.platform.kafka.streams.TopologySummary;
import dev.lodestone.platform.metrics.LodestoneMetrics;
import dev.lodestone.platform.security.ServerSecret;
import io.quarkus.arc.lookup.LookupUnlessProperty;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.config.SmallRyeConfig;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.kafka.streams.Topology;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/** Hands the engine's composition (settings, topics, topology) to the platform and to Kafka Streams. */
@ApplicationScoped
public class TopologyProducer {

    private static final Logger LOG = Logger.getLogger(TopologyProducer.class);

    /** File name of the coupon secret under {@code <data dir>/keys}. */
    static final String COUPON_SECRET_FILE = "coupon-secret";

    /** Every mapping of {@link EngineConfig#MAPPINGS}, as Quarkus mapped it: no feature adds a line here. */
    @Produces
    @Singleton
    EngineConfig engineConfig() {
        return EngineConfig.from(ConfigProvider.getConfig().unwrap(SmallRyeConfig.class));
    }

    /** The topics the platform creates and checks at start-up. */
    @Produces
    @Singleton
    TopicRegistry topics() {
        return new TopicRegistry(EngineTopics.ALL, EngineTopics.KEY_PARTITIONED);
    }

    /**
     * Built once: the Kafka Streams extension asks for it more than once. Not there in the api role, so
     * the extension starts no Kafka Streams (it produces a null {@code KafkaStreams} then).
     */
    @Produces
    @Singleton
    @LookupUnlessProperty(name = Role.PROPERTY, stringValue = "api")
    Topology topology(EngineConfig config, LodestoneMetrics metrics) {
        Topology topology = EngineTopology.build(
                config,
                couponCodes(config),
                metrics::deadLetter,
                config.streams().partitions());
        LOG.infof("Kafka Streams topology: %s", TopologySummary.of(topology.describe()));
        LOG.debugf("Kafka Streams topology, every node:%n%s", topology.describe());
        return topology;
    }

    /** After Kafka Streams has closed (default-priority observers run first), so no handler still writes. */
    void closeDeadLetterProducers(@Observes @Priority(Interceptor.Priority.PLATFORM_AFTER + 1000) ShutdownEvent event) {
        KafkaDeadLetterSink.closeAll();
    }

    /** The configured coupon secret, else the one this engine created in its data directory. */
    static CouponCodes couponCodes(EngineConfig config) {
        byte[] secret = config.get(GiftsConfig.class)
                .couponSecret()
                .map(s -> s.getBytes(StandardCharsets.UTF_8))
                .orElseGet(() -> ServerSecret.ensure(Path.of(config.platform().resolvedDataDir()), COUPON_SECRET_FILE));
        return new CouponCodes(secret);
    }
}
