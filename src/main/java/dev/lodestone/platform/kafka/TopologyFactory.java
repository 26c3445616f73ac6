package dev.lodestone.platform.kafka;

import dev.lodestone.activity.streams.ActivityTopology;
import dev.lodestone.ingest.EventValidator;
import dev.lodestone.ingest.ShopperEvent;
import dev.lodestone.ingest.streams.ShopperEventStream;
import dev.lodestone.platform.config.LodestoneConfig;
import dev.lodestone.platform.kafka.streams.StoreKind;
import dev.lodestone.points.streams.PointsTopology;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.KStream;

/**
 * Builds the one topology of the engine. Features are added in the fixed order written here, never
 * by iterating beans, so every instance builds the identical topology (same processor and store
 * names, same internal topics). Static so that tests and the evaluation replay build the very same.
 */
public final class TopologyFactory {

    private TopologyFactory() {}

    /** Hooks the topology reports to; metrics in the engine, no-ops in tests. */
    public interface Hooks {
        Hooks NONE = () -> {};

        void deadLetter();
    }

    public static Topology build(LodestoneConfig config, Hooks hooks) {
        StreamsBuilder builder = new StreamsBuilder();
        EventValidator validator = new EventValidator(
                config.ingest().maxClockSkew(), config.ingest().maxContextEntries());
        StoreKind stores = config.streams().storeKind();
        KStream<String, ShopperEvent> events = ShopperEventStream.addTo(
                builder, validator, config.streams().dedupeRetention(), stores, hooks::deadLetter);
        ActivityTopology.addTo(events, config.activity().recentItems(), stores);
        PointsTopology.addTo(builder, events);
        return builder.build();
    }
}
