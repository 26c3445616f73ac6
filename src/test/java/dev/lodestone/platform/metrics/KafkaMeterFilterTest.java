package dev.lodestone.platform.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Which Kafka client metrics reach {@code /q/metrics}, with and without {@code kafka-detail}. */
class KafkaMeterFilterTest {

    private static final Tags CLIENT = Tags.of("client.id", "kafka-consumer-activity-projection", "kafka.version", "4");
    private static final Tags PARTITION = CLIENT.and("topic", "shopper-activity", "partition", "0");
    private static final Tags NODE = CLIENT.and("node-id", "node--1");

    @Test
    void shouldKeepOnlyTheCuratedClientLevelKafkaMetricsByDefault() {
        Set<String> kept = register(new KafkaMeterFilter(false));
        assertEquals(
                Set.of(
                        "kafka.consumer.last.poll.seconds.ago" + CLIENT,
                        "kafka.stream.thread.commit.total" + CLIENT,
                        "lodestone.freshness" + Tags.of("view", "activity"),
                        "jvm.threads.live" + Tags.empty()),
                kept);
    }

    @Test
    void shouldKeepEveryKafkaMetricWithKafkaDetail() {
        assertEquals(9, register(new KafkaMeterFilter(true)).size());
    }

    /** Registers a sample of what the binders register; returns what the filter let through. */
    private static Set<String> register(KafkaMeterFilter filter) {
        MeterRegistry registry = new SimpleMeterRegistry();
        registry.config().meterFilter(filter);
        gauge(registry, "kafka.consumer.last.poll.seconds.ago", CLIENT);
        gauge(registry, "kafka.consumer.last.poll.seconds.ago", NODE);
        gauge(registry, "kafka.consumer.fetch.manager.records.lag.max", CLIENT);
        gauge(registry, "kafka.consumer.fetch.manager.records.lag", PARTITION);
        gauge(registry, "kafka.consumer.request.latency.avg", NODE);
        gauge(registry, "kafka.consumer.successful.reauthentication.total", CLIENT);
        gauge(registry, "kafka.stream.thread.commit.total", CLIENT);
        gauge(registry, "lodestone.freshness", Tags.of("view", "activity"));
        gauge(registry, "jvm.threads.live", Tags.empty());
        return registry.getMeters().stream()
                .map(m -> m.getId().getName() + Tags.of(m.getId().getTags()))
                .collect(Collectors.toSet());
    }

    private static void gauge(MeterRegistry registry, String name, Tags tags) {
        Gauge.builder(name, () -> 1).tags(tags).register(registry);
    }
}
