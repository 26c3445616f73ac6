package dev.lodestone.signals;

import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.platform.kafka.Topic;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;

/** The signals feature's topics. {@code docs/architecture.md} registers each of them. */
public final class SignalsTopics {

    /** One record per abandonment stage, keyed by shopper key: what shops subscribe to. */
    public static final Topic<String, CartAbandoned> CART_ABANDONED = new Topic<>(
            "cart-abandoned", Serdes.String(), JsonSerde.of(CartAbandoned.class), false, Duration.ofDays(7));

    /** Purchases of items of an abandoned cart, keyed by shopper key. */
    public static final Topic<String, CartRecovered> CART_RECOVERED = new Topic<>(
            "cart-recovered", Serdes.String(), JsonSerde.of(CartRecovered.class), false, Duration.ofDays(7));

    /** Latest counters per series and day (carts, funnels, feedback), compacted; the source of the Redis projection. */
    public static final Topic<String, DailyCounts> SIGNALS_DAILY =
            new Topic<>("signals-daily", Serdes.String(), JsonSerde.of(DailyCounts.class), true, Duration.ZERO);

    /** Feedback accepted by {@code POST /v1/feedback} and "not interested" marks, keyed by shopper key. */
    public static final Topic<String, Feedback> FEEDBACK =
            new Topic<>("feedback", Serdes.String(), JsonSerde.of(Feedback.class), false, Duration.ofDays(7));

    /** What each shopper is not interested in, compacted; tombstone = forgotten. The source of the Redis projection. */
    public static final Topic<String, NotInterested> SHOPPER_NOT_INTERESTED = new Topic<>(
            "shopper-not-interested", Serdes.String(), JsonSerde.of(NotInterested.class), true, Duration.ZERO);

    /** This feature's topics, in the order they are created. */
    public static final List<Topic<?, ?>> ALL =
            List.of(CART_ABANDONED, CART_RECOVERED, SIGNALS_DAILY, FEEDBACK, SHOPPER_NOT_INTERESTED);

    private SignalsTopics() {}
}
