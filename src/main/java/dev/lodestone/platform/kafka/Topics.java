package dev.lodestone.platform.kafka;

import dev.lodestone.activity.ShopperActivity;
import dev.lodestone.points.Decision;
import dev.lodestone.points.Gift;
import dev.lodestone.points.GiftCommand;
import dev.lodestone.points.LedgerEntry;
import dev.lodestone.points.PointsCommand;
import dev.lodestone.points.PointsRules;
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

    /** Topics created at start-up, in this order. */
    public static final List<Topic<?, ?>> ALL = List.of(
            SHOPPER_EVENTS,
            SHOPPER_EVENTS_DLQ,
            SHOPPER_ACTIVITY,
            POINTS_LEDGER,
            POINTS_COMMANDS,
            GIFT_COMMANDS,
            POINTS_REPLIES,
            POINTS_GIFTS,
            POINTS_RULES);

    private Topics() {}
}
