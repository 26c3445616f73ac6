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
 * them again per partition, per topic and per broker node: they made up 94 % of a scrape (1.3 MB,
 * 7,247 samples). What stays is client-level: consumer lag and throughput, time since the last
 * poll, rebalances, producer sends, retries and errors, and the Streams threads' state, commits and
 * processing. docs/metrics.md lists them with the alerts they serve.
 */
@Singleton
public class KafkaMeterFilter implements MeterFilter {

    /** Prefix of the meters the Kafka client binder registers. */
    static final String KAFKA = "kafka.";

    /** Tags that multiply a metric by partitions, topics or broker nodes. */
    static final Set<String> FAN_OUT_TAGS = Set.of("partition", "topic", "node.id");

    /** The curated client-level Kafka metrics, without the {@code .total} suffix counters may carry. */
    static final Set<String> KEPT = Set.of(
            "kafka.consumer.fetch.manager.records.lag.max",
            "kafka.consumer.fetch.manager.records.consumed",
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
