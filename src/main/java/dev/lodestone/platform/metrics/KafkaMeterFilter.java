package dev.lodestone.platform.metrics;

import dev.lodestone.platform.config.LodestoneConfig;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Set;

/**
 * Keeps the Kafka client metrics an SRE graphs and drops the rest, unless
 * {@code lodestone.metrics.kafka-detail=true}.
 *
 * <p>Every consumer, producer, admin and Streams client publishes a hundred or so metrics, many of
 * them again per partition, per topic and per broker node: they made up 94 % of a scrape (1.46 MB,
 * 8,134 samples, after 10,000 events). What stays is client-level: time since each consumer's last
 * poll, rebalances, producer sends, retries and errors, and the Streams threads' state, commits and
 * processing. docs/metrics.md lists them with the alerts they serve.
 */
@Singleton
public class KafkaMeterFilter implements MeterFilter {

    /** Prefix of the meters the Kafka client binder registers. */
    static final String KAFKA = "kafka.";

    /** Tags that multiply a metric by partitions, topics or broker nodes (as Kafka or Micrometer spell them). */
    static final Set<String> FAN_OUT_TAGS = Set.of("partition", "topic", "node-id", "node.id");

    /**
     * The curated client-level Kafka metrics, without the {@code .total} suffix counters may carry.
     * None of the consumer's fetch metrics is among them: the binder replaces a client-level fetch
     * metric by its per-topic or per-partition twin as soon as that appears, so it cannot be kept
     * alone. Lag is {@code lodestone.projection.lag} and {@code lodestone.streams.lag}.
     */
    static final Set<String> KEPT = Set.of(
            "kafka.consumer.last.poll.seconds.ago",
            "kafka.consumer.coordinator.rebalance",
            "kafka.producer.record.send",
            "kafka.producer.record.retry",
            "kafka.producer.record.error",
            "kafka.stream.alive.stream.threads",
            "kafka.stream.failed.stream.threads",
            "kafka.stream.client.state",
            "kafka.stream.thread.commit",
            "kafka.stream.thread.commit.rate",
            "kafka.stream.thread.commit.latency.max",
            "kafka.stream.thread.process",
            "kafka.stream.thread.process.latency.max");

    private final boolean detail;

    @Inject
    KafkaMeterFilter(LodestoneConfig config) {
        this(config.metrics().kafkaDetail());
    }

    KafkaMeterFilter(boolean detail) {
        this.detail = detail;
    }

    @Override
    public MeterFilterReply accept(Meter.Id id) {
        if (detail || !id.getName().startsWith(KAFKA)) {
            return MeterFilterReply.NEUTRAL;
        }
        boolean fansOut = id.getTags().stream().anyMatch(tag -> FAN_OUT_TAGS.contains(tag.getKey()));
        return !fansOut && KEPT.contains(stem(id.getName())) ? MeterFilterReply.NEUTRAL : MeterFilterReply.DENY;
    }

    private static String stem(String name) {
        return name.endsWith(".total") ? name.substring(0, name.length() - ".total".length()) : name;
    }
}
