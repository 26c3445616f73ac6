package dev.lodestone.engine;

import dev.lodestone.activity.ActivityConfig;
import dev.lodestone.activity.streams.ActivityTopology;
import dev.lodestone.catalog.streams.CatalogTopology;
import dev.lodestone.chat.streams.ChatTopology;
import dev.lodestone.community.streams.CouponDropTopology;
import dev.lodestone.community.streams.LotteryTopology;
import dev.lodestone.community.streams.ShopperGroupsTopology;
import dev.lodestone.dashboard.DashboardConfig;
import dev.lodestone.dashboard.DashboardSettings;
import dev.lodestone.dashboard.streams.DashboardTopology;
import dev.lodestone.experiments.streams.ExperimentsTopology;
import dev.lodestone.gifts.CouponCodes;
import dev.lodestone.gifts.streams.GiftTopology;
import dev.lodestone.ingest.EventValidator;
import dev.lodestone.ingest.IngestConfig;
import dev.lodestone.ingest.streams.ShopperEventStream;
import dev.lodestone.platform.kafka.streams.StoreKind;
import dev.lodestone.points.streams.PointsTopology;
import dev.lodestone.profile.ProfileConfig;
import dev.lodestone.profile.ProfileSettings;
import dev.lodestone.profile.streams.ProfileTopology;
import dev.lodestone.shopper.ForgetRequest;
import dev.lodestone.shopper.ShopperEvent;
import dev.lodestone.shopper.ShopperTopics;
import dev.lodestone.signals.SignalsConfig;
import dev.lodestone.signals.streams.SignalsTopology;
import dev.lodestone.similarity.ItemSignal;
import dev.lodestone.similarity.SimilarityConfig;
import dev.lodestone.similarity.SimilaritySettings;
import dev.lodestone.similarity.streams.SimilarityTopology;
import dev.lodestone.trending.TrendingConfig;
import dev.lodestone.trending.streams.TrendingTopology;
import java.util.Map;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.state.BuiltInDslStoreSuppliers;

/**
 * Composes the one topology of the engine. Features are added in the fixed order written here, never
 * by iterating beans, so every instance builds the identical topology (same processor and store
 * names, same internal topics). Static so that tests and the evaluation replay build the very same.
 * A new feature adds its line here, taking what it reads from the features above it and its settings
 * from {@code config.get(<Feature>Config.class)}.
 */
public final class EngineTopology {

    private EngineTopology() {}

    /** Hooks the topology reports to; metrics in the engine, no-ops in tests. */
    public interface Hooks {
        Hooks NONE = () -> {};

        void deadLetter();
    }

    /**
     * The topology for an in-process driver (topology tests, the evaluation replay), where every topic
     * has a single partition and coupon codes are keyed with a secret of this process only.
     */
    public static Topology build(EngineConfig config, Hooks hooks) {
        return build(config, CouponCodes.ephemeral(), hooks, 1);
    }

    /**
     * The topology for a cluster.
     *
     * @param couponCodes carries the server secret coupon codes are keyed with
     * @param partitions the partition count of {@code shopper-events} (checked at start-up by the topic
     *     bootstrap): each record must be on the partition murmur2 picks for its key
     */
    public static Topology build(EngineConfig config, CouponCodes couponCodes, Hooks hooks, int partitions) {
        StoreKind stores = config.streams().storeKind();
        StreamsBuilder builder =
                stores == StoreKind.IN_MEMORY ? new StreamsBuilder(inMemoryDslStores()) : new StreamsBuilder();
        EventValidator validator = EventValidator.from(config.get(IngestConfig.class));
        KStream<String, ShopperEvent> events = ShopperEventStream.addTo(
                builder, validator, config.streams().dedupeRetention(), stores, partitions, hooks::deadLetter);
        // One source for the requests to forget a shopper; each feature that keeps the shopper forgets its own data.
        KStream<String, ForgetRequest> forget =
                builder.stream(ShopperTopics.SHOPPER_FORGET.name(), ShopperTopics.SHOPPER_FORGET.consumed());
        ActivityTopology.addTo(events, forget, config.get(ActivityConfig.class).recentItems(), stores);
        CatalogTopology.addTo(builder);
        SimilaritySettings similarity = SimilaritySettings.from(config.get(SimilarityConfig.class));
        KStream<String, ItemSignal> signals = ProfileTopology.addTo(
                builder, events, forget, ProfileSettings.from(config.get(ProfileConfig.class)), similarity, stores);
        KStream<String, ItemSignal> byItem = SimilarityTopology.byItem(signals);
        SimilarityTopology.addTo(builder, byItem, similarity, stores);
        TrendingTopology.addTo(builder, byItem, config.get(TrendingConfig.class).halfLife(), stores);
        PointsTopology.addTo(builder, events, forget, stores, GiftTopology.EXCHANGE_REPLIES);
        GiftTopology.addTo(builder, forget, stores, couponCodes);
        SignalsTopology.addTo(builder, events, forget, config.get(SignalsConfig.class), stores);
        ExperimentsTopology.addTo(builder, events, forget, stores);
        DashboardTopology.addTo(
                builder, events, forget, DashboardSettings.from(config.get(DashboardConfig.class)), stores);
        ShopperGroupsTopology.addTo(builder, forget, stores);
        CouponDropTopology.addTo(builder, forget, stores, couponCodes);
        LotteryTopology.addTo(builder, forget, stores, couponCodes);
        ChatTopology.addTo(forget);
        return builder.build();
    }

    /** DSL stores (activity, the catalog table) in memory, for in-process replays. */
    private static TopologyConfig inMemoryDslStores() {
        return new TopologyConfig(new StreamsConfig(Map.of(
                StreamsConfig.APPLICATION_ID_CONFIG, "lodestone-replay",
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "replay:9092",
                StreamsConfig.DSL_STORE_SUPPLIERS_CLASS_CONFIG,
                        BuiltInDslStoreSuppliers.InMemoryDslStoreSuppliers.class)));
    }
}
