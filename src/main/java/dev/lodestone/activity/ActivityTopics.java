package dev.lodestone.activity;

import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.platform.kafka.Topic;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;

/** The activity feature's topics. {@code docs/architecture.md} registers each of them. */
public final class ActivityTopics {

    /** Latest activity per shopper; compacted, the source of the Redis projection. */
    public static final Topic<String, ShopperActivity> SHOPPER_ACTIVITY =
            new Topic<>("shopper-activity", Serdes.String(), JsonSerde.of(ShopperActivity.class), true, Duration.ZERO);

    /** This feature's topics, in the order they are created. */
    public static final List<Topic<?, ?>> ALL = List.of(SHOPPER_ACTIVITY);

    private ActivityTopics() {}
}
