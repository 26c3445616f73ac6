package dev.lodestone.shopper;

import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.platform.kafka.Topic;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;

/** Topics every shopper-keyed feature shares. {@code docs/architecture.md} registers each of them. */
public final class ShopperTopics {

    /** Requests to forget a shopper, keyed by shopper key (co-partitioned with {@code shopper-events}). */
    public static final Topic<String, ForgetRequest> SHOPPER_FORGET = new Topic<>(
            "shopper-forget", Serdes.String(), JsonSerde.of(ForgetRequest.class), false, Duration.ofDays(7));

    /** This feature's topics, in the order they are created. */
    public static final List<Topic<?, ?>> ALL = List.of(SHOPPER_FORGET);

    private ShopperTopics() {}
}
