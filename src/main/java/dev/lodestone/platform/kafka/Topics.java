package dev.lodestone.platform.kafka;

import dev.lodestone.activity.ShopperActivity;
import dev.lodestone.catalog.CatalogItem;
import dev.lodestone.points.Decision;
import dev.lodestone.points.Gift;
import dev.lodestone.points.GiftCommand;
import dev.lodestone.points.LedgerEntry;
import dev.lodestone.points.PointsCommand;
import dev.lodestone.points.PointsRules;
import dev.lodestone.profile.ForgetRequest;
import dev.lodestone.profile.ShopperProfile;
import dev.lodestone.similarity.NeighbourList;
import dev.lodestone.trending.TrendingScore;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;

/** Every topic the engine owns, with its serdes. {@code docs/architecture.md} registers the same list. */
public final class Topics {

    /** Raw shopper events as accepted by the intake; bytes, because anyone may write garbage here. */
    public static final Topic<String, byte[]> SHOPPER_EVENTS =
            new Topic<>("shopper-events", Serdes.String(), Serdes.ByteArray(), false, Duration.ofDays(7));

    /** Records of {@code shopper-events} that could not be decoded or validated, reason in headers. */
    public static final Topic<String, byte[]> SHOPPER_EVENTS_DLQ =
            new Topic<>("shopper-events-dlq", Serdes.String(), Serdes.ByteArray(), false, Duration.ofDays(30));

    /**
     * Records of any other topic the topology could not read, process or write (exception handlers,
     * {@code DeadLetterHandler}): raw key and value as read, the reason and origin in headers.
     */
    public static final Topic<byte[], byte[]> STREAMS_DLQ =
            new Topic<>("streams-dlq", Serdes.ByteArray(), Serdes.ByteArray(), false, Duration.ofDays(30));

    /** Latest activity per shopper; compacted, the source of the Redis projection. */
    public static final Topic<String, ShopperActivity> SHOPPER_ACTIVITY =
            new Topic<>("shopper-activity", Serdes.String(), JsonSerde.of(ShopperActivity.class), true, Duration.ZERO);

    /** Every points balance change, keyed by shopper; the source of truth of balances, kept forever. */
    public static final Topic<String, LedgerEntry> POINTS_LEDGER = new Topic<>(
            "points-ledger", Serdes.String(), JsonSerde.of(LedgerEntry.class), false, Duration.ofMillis(-1));

    /** Redemptions and exchange debits for the shopper's ledger partition, keyed {@code u:<userId>}. */
    public static final Topic<String, PointsCommand> POINTS_COMMANDS = new Topic<>(
            "points-commands", Serdes.String(), JsonSerde.of(PointsCommand.class), false, Duration.ofDays(7));

    /** Gift and coupon saga steps, keyed {@code g:<giftId>} or {@code c:<code>}. */
    public static final Topic<String, GiftCommand> GIFT_COMMANDS =
            new Topic<>("gift-commands", Serdes.String(), JsonSerde.of(GiftCommand.class), false, Duration.ofDays(7));

    /** Final decisions on points requests, keyed by request id; read by every instance. */
    public static final Topic<String, Decision> POINTS_REPLIES =
            new Topic<>("points-replies", Serdes.String(), JsonSerde.of(Decision.class), false, Duration.ofDays(7));

    /** Latest state of each gift (stock, reserved, confirmed); compacted, the source of the Redis view. */
    public static final Topic<String, Gift> POINTS_GIFTS =
            new Topic<>("points-gifts", Serdes.String(), JsonSerde.of(Gift.class), true, Duration.ZERO);

    /** The earn rules in force, one record under key {@code current}; compacted. */
    public static final Topic<String, PointsRules> POINTS_RULES =
            new Topic<>("points-rules", Serdes.String(), JsonSerde.of(PointsRules.class), true, Duration.ZERO);

    /** The catalog keyed by item id; compacted, a delete is a tombstone. */
    public static final Topic<String, CatalogItem> CATALOG_ITEMS =
            new Topic<>("catalog-items", Serdes.String(), JsonSerde.of(CatalogItem.class), true, Duration.ZERO);

    /** Requests to forget a shopper, keyed by shopper key (co-partitioned with {@code shopper-events}). */
    public static final Topic<String, ForgetRequest> SHOPPER_FORGET = new Topic<>(
            "shopper-forget", Serdes.String(), JsonSerde.of(ForgetRequest.class), false, Duration.ofDays(7));

    /** Latest preference profile per shopper; compacted, tombstone when forgotten. */
    public static final Topic<String, ShopperProfile> SHOPPER_PROFILES =
            new Topic<>("shopper-profiles", Serdes.String(), JsonSerde.of(ShopperProfile.class), true, Duration.ZERO);

    /** Latest top-K neighbours per item; compacted. */
    public static final Topic<String, NeighbourList> ITEM_NEIGHBOURS =
            new Topic<>("item-neighbours", Serdes.String(), JsonSerde.of(NeighbourList.class), true, Duration.ZERO);

    /** Latest decayed popularity per item; compacted. */
    public static final Topic<String, TrendingScore> ITEM_TRENDING =
            new Topic<>("item-trending", Serdes.String(), JsonSerde.of(TrendingScore.class), true, Duration.ZERO);

    /** Topics created at start-up, in this order. */
    public static final List<Topic<?, ?>> ALL = List.of(
            SHOPPER_EVENTS,
            SHOPPER_EVENTS_DLQ,
            STREAMS_DLQ,
            SHOPPER_ACTIVITY,
            CATALOG_ITEMS,
            SHOPPER_FORGET,
            SHOPPER_PROFILES,
            ITEM_NEIGHBOURS,
            ITEM_TRENDING,
            POINTS_LEDGER,
            POINTS_COMMANDS,
            GIFT_COMMANDS,
            POINTS_REPLIES,
            POINTS_GIFTS,
            POINTS_RULES);

    private Topics() {}
}
