package dev.lodestone.support;

import dev.lodestone.engine.EngineConfig;
import dev.lodestone.engine.EngineTopology;
import dev.lodestone.gifts.CouponCodes;
import dev.lodestone.platform.kafka.Topic;
import dev.lodestone.platform.kafka.streams.DeadLetterHandler;
import dev.lodestone.platform.kafka.streams.DeadLetterSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The production topology in a {@link TopologyTestDriver}, with typed topics from the registry and
 * the engine's exception handlers: records they park are collected in {@link #parked}. Every topology
 * test builds its driver here, so all of them run what the engine runs, under the same settings.
 */
public final class TopologyHarness implements AutoCloseable {

    /** The driver's wall clock at start; punctuators run as {@link #advanceWallClockTime} moves it. */
    public static final Instant WALL_CLOCK_START = Instant.parse("2026-01-01T00:00:00Z");

    /** The driver's application id: changelog topics are named {@code <id>-<store>-changelog}. */
    public static final String APPLICATION_ID = "lodestone-test";

    public final TopologyTestDriver driver;
    public final AtomicInteger deadLetters;
    public final List<ProducerRecord<byte[], byte[]>> parked = new CopyOnWriteArrayList<>();

    private final Path stateDir;

    public TopologyHarness(EngineConfig config) {
        this(config, CouponCodes.ephemeral(), 1);
    }

    /**
     * @param partitions the partition count the decode stage assumes for {@code shopper-events}; the
     *     driver itself puts every record on partition 0
     */
    public TopologyHarness(EngineConfig config, int partitions) {
        this(config, CouponCodes.ephemeral(), partitions);
    }

    /** With the coupon codes of a given server secret, to compare what two engines issue. */
    public TopologyHarness(EngineConfig config, CouponCodes couponCodes) {
        this(config, couponCodes, 1);
    }

    private TopologyHarness(EngineConfig config, CouponCodes couponCodes, int partitions) {
        this(config, couponCodes, partitions, new AtomicInteger());
    }

    private TopologyHarness(EngineConfig config, CouponCodes couponCodes, int partitions, AtomicInteger deadLetters) {
        this(EngineTopology.build(config, couponCodes, deadLetters::incrementAndGet, partitions), 0, deadLetters);
    }

    /**
     * A platform part's own small topology under the engine's settings, with a record cache of {@code
     * cacheBytes} (0 in the engine's tests, so every write shows at once; a store test that is about the
     * cache gives it room).
     */
    public TopologyHarness(Topology topology, long cacheBytes) {
        this(topology, cacheBytes, new AtomicInteger());
    }

    private TopologyHarness(Topology topology, long cacheBytes, AtomicInteger deadLetters) {
        this.deadLetters = deadLetters;
        stateDir = newStateDir();
        Properties props = new Properties();
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        props.put(DeadLetterHandler.SINK_CONFIG, (DeadLetterSink) parked::add);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, cacheBytes);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(topology, props, WALL_CLOCK_START);
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

    /** A key-value store of the topology, by its name (the owning topology's constant). */
    public <K, V> KeyValueStore<K, V> store(String name) {
        return driver.getKeyValueStore(name);
    }

    /** Moves the wall clock, running the wall-clock punctuators that fall due. */
    public void advanceWallClockTime(Duration by) {
        driver.advanceWallClockTime(by);
    }

    @Override
    public void close() {
        try {
            driver.close();
        } finally {
            delete(stateDir);
        }
    }

    /**
     * The driver commits after every record and some stores are RocksDB: keep their files in memory
     * where the OS offers it, or the fsyncs dominate the run.
     */
    private static Path newStateDir() {
        Path shm = Path.of("/dev/shm");
        try {
            return Files.isDirectory(shm) && Files.isWritable(shm)
                    ? Files.createTempDirectory(shm, "lodestone-ttd")
                    : Files.createTempDirectory("lodestone-ttd");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A state directory left behind in a temp location costs nothing but space.
        }
    }
}
