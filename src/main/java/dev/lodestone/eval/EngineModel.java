package dev.lodestone.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.lodestone.engine.EngineConfig;
import dev.lodestone.engine.EngineTopology;
import dev.lodestone.ingest.IngestTopics;
import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.recommend.RankedItem;
import dev.lodestone.recommend.Ranker;
import dev.lodestone.recommend.RankerSettings;
import dev.lodestone.recommend.RecommendationRequest;
import dev.lodestone.recommend.StoreSnapshotSource;
import dev.lodestone.shopper.ShopperEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The engine itself, in process: every click goes through the production topology
 * ({@link EngineTopology}) in a {@link TopologyTestDriver}, and recommendations come from the
 * production {@link Ranker} over a snapshot read from the topology's own stores — the same data the
 * Redis projections serve. No scoring logic lives here.
 */
public final class EngineModel implements NextItemModel, AutoCloseable {

    /**
     * Settings of the evaluation runs unless {@code --set} overrides them. The log has no catalog,
     * so items are ranked without catalog entries and without a per-category cap; in-memory stores
     * make the replay fast; the clock-skew guard must accept 2014's timestamps.
     */
    public static final Map<String, String> EVAL_DEFAULTS = Map.of(
            "lodestone.streams.store-kind", "IN_MEMORY",
            "lodestone.ingest.max-clock-skew", "PT1000000H",
            "lodestone.recommend.max-per-category", "0",
            "lodestone.recommend.include-seen", "true",
            "lodestone.recommend.seen-weight", "2.0");

    private static final int TRENDING_REFRESH_EVERY = 1_000;

    private final EngineConfig config;
    private final TopologyTestDriver driver;
    private final TestInputTopic<String, byte[]> events;
    private final StoreSnapshotSource snapshots;
    private final Ranker ranker;
    private final Map<String, String> settings;
    private long sequence;
    private long sinceTrendingRefresh;

    public EngineModel(Map<String, String> overrides) {
        settings = new LinkedHashMap<>(EVAL_DEFAULTS);
        settings.putAll(overrides);
        config = EngineConfig.with(settings);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "lodestone-eval");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "replay:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir().toString());
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        driver = new TopologyTestDriver(EngineTopology.build(config, EngineTopology.Hooks.NONE), props);
        events = driver.createInputTopic(
                IngestTopics.SHOPPER_EVENTS.name(),
                IngestTopics.SHOPPER_EVENTS.keySerde().serializer(),
                IngestTopics.SHOPPER_EVENTS.valueSerde().serializer());
        snapshots = StoreSnapshotSource.of(
                driver, config.similarity().neighbours(), config.recommend().trendingCandidates());
        ranker = new Ranker(RankerSettings.from(config.recommend()).withRequireCatalog(false));
    }

    /** The evaluation defaults with the overrides applied. */
    @Override
    public Map<String, String> settings() {
        return settings;
    }

    @Override
    public String name() {
        return "engine";
    }

    @Override
    public void learn(Click click) {
        ShopperEvent event = ShopperEvent.onItem(
                "eval-" + sequence++,
                dev.lodestone.shopper.EventType.CLICK,
                click.userId(),
                click.sessionId(),
                click.itemId(),
                click.time(),
                click.time());
        try {
            events.pipeInput(event.shopperKey(), JsonSerde.MAPPER.writeValueAsBytes(event), click.time());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        if (++sinceTrendingRefresh >= TRENDING_REFRESH_EVERY) {
            trained();
        }
    }

    @Override
    public void trained() {
        snapshots.refreshTrending();
        sinceTrendingRefresh = 0;
    }

    @Override
    public List<String> recommend(List<Click> session, int k) {
        Click last = session.getLast();
        String shopperKey = last.userId() == null ? null : ShopperEvent.userKey(last.userId());
        RecommendationRequest request = new RecommendationRequest(
                shopperKey,
                session.stream().map(Click::itemId).toList(),
                k,
                null,
                null,
                null,
                java.util.Set.of(),
                false);
        return ranker
                .rank(request, snapshots.snapshot(request, config.recommend().recentSources()))
                .stream()
                .map(RankedItem::itemId)
                .toList();
    }

    @Override
    public void close() {
        driver.close();
    }

    /** Memory-backed where the OS offers it: the driver commits after every record. */
    private static Path stateDir() {
        try {
            Path shm = Path.of("/dev/shm");
            return Files.isDirectory(shm) && Files.isWritable(shm)
                    ? Files.createTempDirectory(shm, "lodestone-eval")
                    : Files.createTempDirectory("lodestone-eval");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
