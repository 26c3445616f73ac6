package dev.lodestone.support;

import dev.lodestone.engine.EngineConfig;
import dev.lodestone.engine.EngineTopology;
import dev.lodestone.gifts.CouponCodes;
import dev.lodestone.platform.kafka.Topic;
import dev.lodestone.platform.kafka.streams.DeadLetterHandler;
import dev.lodestone.platform.kafka.streams.DeadLetterSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The production topology in a {@link TopologyTestDriver}, with typed topics from the registry and
 * the engine's exception handlers: records they park are collected in {@link #parked}.
 */
public final class TopologyHarness implements AutoCloseable {

    public final TopologyTestDriver driver;
    public final AtomicInteger deadLetters = new AtomicInteger();
    public final List<ProducerRecord<byte[], byte[]>> parked = new CopyOnWriteArrayList<>();

    public TopologyHarness(EngineConfig config) {
        this(config, 1);
    }

    /**
     * @param partitions the partition count the decode stage assumes for {@code shopper-events}; the
     *     driver itself puts every record on partition 0
     */
    public TopologyHarness(EngineConfig config, int partitions) {
        Properties props = new Properties();
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        props.put(DeadLetterHandler.SINK_CONFIG, (DeadLetterSink) parked::add);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "lodestone-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        try {
            props.put(
                    StreamsConfig.STATE_DIR_CONFIG,
                    Files.createTempDirectory("lodestone-ttd").toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        driver = new TopologyTestDriver(
                EngineTopology.build(config, CouponCodes.ephemeral(), deadLetters::incrementAndGet, partitions),
                props,
                Instant.parse("2026-01-01T00:00:00Z"));
    }

    public <K, V> TestInputTopic<K, V> input(Topic<K, V> topic) {
        return driver.createInputTopic(
                topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    public <K, V> TestOutputTopic<K, V> output(Topic<K, V> topic) {
        return driver.createOutputTopic(
                topic.name(),
                topic.keySerde().deserializer(),
                topic.valueSerde().deserializer());
    }

    public static Path tempDir() throws java.io.IOException {
        return Files.createTempDirectory("lodestone-ttd");
    }

    @Override
    public void close() {
        driver.close();
    }
}
