package dev.lodestone.community;

import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.platform.kafka.Topic;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;

/** The community's topics. {@code docs/architecture.md} registers each of them. */
public final class CommunityTopics {

    /**
     * Everything that happens in a group (created, rules, joins, messages, reactions, moderation), keyed
     * by group id: the system of record of groups and their messages, in the order members saw them.
     */
    public static final Topic<String, GroupEvent> COMMUNITY_EVENTS = new Topic<>(
            "community-events", Serdes.String(), JsonSerde.of(GroupEvent.class), false, Duration.ofDays(365));

    /** Coupon drop creations and claims, keyed {@code d:<dropId>}: one partition decides each drop. */
    public static final Topic<String, DropCommand> COUPON_DROP_COMMANDS = new Topic<>(
            "community-drop-commands", Serdes.String(), JsonSerde.of(DropCommand.class), false, Duration.ofDays(7));

    /** Latest state of each coupon drop (issued, remaining); compacted, the source of its Redis view. */
    public static final Topic<String, CouponDrop> COUPON_DROPS =
            new Topic<>("community-coupon-drops", Serdes.String(), JsonSerde.of(CouponDrop.class), true, Duration.ZERO);

    /** Lottery creations and entries, keyed {@code l:<lotteryId>}: one partition decides each lottery. */
    public static final Topic<String, LotteryCommand> LOTTERY_COMMANDS = new Topic<>(
            "community-lottery-commands",
            Serdes.String(),
            JsonSerde.of(LotteryCommand.class),
            false,
            Duration.ofDays(30));

    /**
     * Latest public state of each lottery (commitment, entry count; at close the ordered entries, their
     * hash, the winners and the revealed seed: the proof); compacted, the source of its Redis view.
     */
    public static final Topic<String, Lottery> LOTTERIES =
            new Topic<>("community-lotteries", Serdes.String(), JsonSerde.of(Lottery.class), true, Duration.ZERO);

    /** This feature's topics, in the order they are created. */
    public static final List<Topic<?, ?>> ALL =
            List.of(COMMUNITY_EVENTS, COUPON_DROP_COMMANDS, COUPON_DROPS, LOTTERY_COMMANDS, LOTTERIES);

    private CommunityTopics() {}
}
