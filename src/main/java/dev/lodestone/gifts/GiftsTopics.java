package dev.lodestone.gifts;

import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.platform.kafka.Topic;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;

/** The gift shop's topics (gifts, exchanges, coupons). {@code docs/architecture.md} registers each of them. */
public final class GiftsTopics {

    /** Gift and coupon saga steps, keyed {@code g:<giftId>} or {@code c:<code>}. */
    public static final Topic<String, GiftCommand> GIFT_COMMANDS =
            new Topic<>("gift-commands", Serdes.String(), JsonSerde.of(GiftCommand.class), false, Duration.ofDays(7));

    /** Latest state of each gift (stock, reserved, confirmed); compacted, the source of the Redis view. */
    public static final Topic<String, Gift> POINTS_GIFTS =
            new Topic<>("points-gifts", Serdes.String(), JsonSerde.of(Gift.class), true, Duration.ZERO);

    /** This feature's topics, in the order they are created. */
    public static final List<Topic<?, ?>> ALL = List.of(GIFT_COMMANDS, POINTS_GIFTS);

    private GiftsTopics() {}
}
