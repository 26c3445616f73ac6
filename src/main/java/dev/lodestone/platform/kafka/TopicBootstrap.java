package dev.lodestone.platform.kafka;

import dev.lodestone.platform.config.LodestoneConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Creates the engine's topics before anything reads them: Kafka Streams refuses to start on missing
 * source topics, and the broker does not auto-create them.
 */
@Singleton
public class TopicBootstrap {

    private static final Logger LOG = Logger.getLogger(TopicBootstrap.class);

    /**
     * The longest a superseded value (a forgotten shopper's, once tombstoned) stays in a compacted
     * topic: without it Kafka compacts only when enough of the log is dirty, which on a quiet topic may
     * be never. Kafka Streams' changelogs get the same through {@code kafka-streams.topic.max.compaction.lag.ms}.
     */
    public static final Duration MAX_COMPACTION_LAG = Duration.ofDays(7);

    private final String bootstrapServers;
    private final LodestoneConfig config;
    private final TopicRegistry topics;

    TopicBootstrap(
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            LodestoneConfig config,
            TopicRegistry topics) {
        this.bootstrapServers = bootstrapServers;
        this.config = config;
        this.topics = topics;
    }

    void onStart(@Observes @Priority(1) StartupEvent event) throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                60_000))) {
            Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            var missing = topics.all().stream()
                    .filter(t -> !existing.contains(t.name()))
                    .map(this::newTopic)
                    .collect(Collectors.toList());
            if (!missing.isEmpty()) {
                List<String> created = new ArrayList<>();
                var results = admin.createTopics(missing).values();
                for (var result : results.entrySet()) {
                    try {
                        result.getValue().get(60, TimeUnit.SECONDS);
                        created.add(result.getKey());
                    } catch (ExecutionException e) {
                        // Instances starting together (a cluster's streams and api instances) race to create
                        // the same topics: another one's is as good.
                        if (!(e.getCause() instanceof TopicExistsException)) {
                            throw e;
                        }
                    }
                }
                if (!created.isEmpty()) {
                    LOG.infof("Created topics %s", created);
                }
            }
            // A topic created just now has the configured count by construction, and describing it at once
            // can fail while the broker's metadata catches up: only topics that were already there are checked.
            for (Topic<?, ?> topic : topics.keyPartitioned()) {
                if (existing.contains(topic.name())) {
                    requirePartitions(admin, topic.name());
                }
            }
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Kafka at " + bootstrapServers + " did not answer within 60 s", e);
        }
    }

    /**
     * The decode stage expects each record on the partition murmur2 picks among
     * {@code lodestone.streams.partitions}: an existing topic with another count would have most of
     * its records dead-lettered, so the engine refuses to start instead.
     */
    private void requirePartitions(Admin admin, String topic)
            throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
        int actual = admin.describeTopics(Set.of(topic))
                .allTopicNames()
                .get(60, TimeUnit.SECONDS)
                .get(topic)
                .partitions()
                .size();
        if (actual != config.streams().partitions()) {
            throw new IllegalStateException("Topic " + topic + " has " + actual
                    + " partitions but lodestone.streams.partitions is "
                    + config.streams().partitions()
                    + ": set lodestone.streams.partitions=" + actual);
        }
    }

    private NewTopic newTopic(Topic<?, ?> topic) {
        return new NewTopic(
                        topic.name(),
                        config.streams().partitions(),
                        config.streams().replicationFactor())
                .configs(configs(topic));
    }

    /**
     * The topic-level settings a registered topic is created with (here, and in the Kubernetes
     * {@code KafkaTopic} resources generated from the registry).
     */
    public static Map<String, String> configs(Topic<?, ?> topic) {
        return topic.compacted()
                ? Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG,
                        TopicConfig.CLEANUP_POLICY_COMPACT,
                        TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG,
                        String.valueOf(MAX_COMPACTION_LAG.toMillis()))
                : Map.of(
                        TopicConfig.RETENTION_MS_CONFIG,
                        String.valueOf(topic.retention().toMillis()));
    }
}
