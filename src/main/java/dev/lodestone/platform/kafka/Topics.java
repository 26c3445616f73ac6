package dev.lodestone.platform.kafka;

import dev.lodestone.activity.ShopperActivity;
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

    /** Topics created at start-up, in this order. */
    public static final List<Topic<?, ?>> ALL = List.of(SHOPPER_EVENTS, SHOPPER_EVENTS_DLQ, SHOPPER_ACTIVITY);

    private Topics() {}
}
