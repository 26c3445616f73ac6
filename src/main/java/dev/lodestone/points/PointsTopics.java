package dev.lodestone.points;

import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.platform.kafka.Topic;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;

/** The points ledger's topics. {@code docs/architecture.md} registers each of them. */
public final class PointsTopics {

    /** Every points balance change, keyed by shopper; the source of truth of balances, kept forever. */
    public static final Topic<String, LedgerEntry> POINTS_LEDGER = new Topic<>(
            "points-ledger", Serdes.String(), JsonSerde.of(LedgerEntry.class), false, Duration.ofMillis(-1));

    /** Redemptions and exchange debits for the shopper's ledger partition, keyed {@code u:<userId>}. */
    public static final Topic<String, PointsCommand> POINTS_COMMANDS = new Topic<>(
            "points-commands", Serdes.String(), JsonSerde.of(PointsCommand.class), false, Duration.ofDays(7));

    /** Final decisions on points requests, keyed by request id; read by every instance. */
    public static final Topic<String, Decision> POINTS_REPLIES =
            new Topic<>("points-replies", Serdes.String(), JsonSerde.of(Decision.class), false, Duration.ofDays(7));

    /** The earn rules in force, one record under key {@code current}; compacted. */
    public static final Topic<String, PointsRules> POINTS_RULES =
            new Topic<>("points-rules", Serdes.String(), JsonSerde.of(PointsRules.class), true, Duration.ZERO);

    /** This feature's topics, in the order they are created. */
    public static final List<Topic<?, ?>> ALL = List.of(POINTS_LEDGER, POINTS_COMMANDS, POINTS_REPLIES, POINTS_RULES);

    private PointsTopics() {}
}
