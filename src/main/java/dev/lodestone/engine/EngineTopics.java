package dev.lodestone.engine;

import dev.lodestone.activity.ActivityTopics;
import dev.lodestone.catalog.CatalogTopics;
import dev.lodestone.chat.ChatTopics;
import dev.lodestone.community.CommunityTopics;
import dev.lodestone.dashboard.DashboardTopics;
import dev.lodestone.experiments.ExperimentsTopics;
import dev.lodestone.gifts.GiftsTopics;
import dev.lodestone.ingest.IngestTopics;
import dev.lodestone.platform.kafka.PlatformTopics;
import dev.lodestone.platform.kafka.Topic;
import dev.lodestone.points.PointsTopics;
import dev.lodestone.profile.ProfileTopics;
import dev.lodestone.shopper.ShopperTopics;
import dev.lodestone.signals.SignalsTopics;
import dev.lodestone.similarity.SimilarityTopics;
import dev.lodestone.trending.TrendingTopics;
import java.util.List;
import java.util.stream.Stream;

/** Every topic of the engine: the lists each feature owns, in creation order. */
public final class EngineTopics {

    /** Topics created at start-up, in this order. */
    public static final List<Topic<?, ?>> ALL = Stream.of(
                    IngestTopics.ALL,
                    PlatformTopics.ALL,
                    ActivityTopics.ALL,
                    CatalogTopics.ALL,
                    ShopperTopics.ALL,
                    ProfileTopics.ALL,
                    SimilarityTopics.ALL,
                    TrendingTopics.ALL,
                    PointsTopics.ALL,
                    GiftsTopics.ALL,
                    ChatTopics.ALL,
                    SignalsTopics.ALL,
                    ExperimentsTopics.ALL,
                    DashboardTopics.ALL,
                    CommunityTopics.ALL)
            .flatMap(List::stream)
            .toList();

    /**
     * Topics whose records must sit on the partition murmur2 picks for their key (the decode stage
     * checks it): their partition count must match {@code lodestone.streams.partitions}.
     */
    public static final List<Topic<?, ?>> KEY_PARTITIONED = List.of(IngestTopics.SHOPPER_EVENTS);

    /**
     * Topics Kafka Streams reads, its internal ones aside (it also writes the exchange commands): it waits
     * for them before it starts ({@link EngineConfigSource}).
     */
    public static final List<Topic<?, ?>> STREAMS_SOURCES = List.of(
            IngestTopics.SHOPPER_EVENTS,
            CatalogTopics.CATALOG_ITEMS,
            ShopperTopics.SHOPPER_FORGET,
            PointsTopics.POINTS_COMMANDS,
            GiftsTopics.GIFT_COMMANDS,
            PointsTopics.POINTS_RULES,
            SignalsTopics.FEEDBACK,
            ChatTopics.CHAT_RATINGS,
            PointsTopics.POINTS_LEDGER,
            GiftsTopics.POINTS_GIFTS,
            CommunityTopics.COMMUNITY_EVENTS,
            CommunityTopics.COUPON_DROP_COMMANDS,
            CommunityTopics.LOTTERY_COMMANDS);

    private EngineTopics() {}
}
