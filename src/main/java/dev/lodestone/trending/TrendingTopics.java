package dev.lodestone.trending;

import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.platform.kafka.Topic;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;

/** The trending feature's topics. {@code docs/architecture.md} registers each of them. */
public final class TrendingTopics {

    /** Latest decayed popularity per item; compacted. */
    public static final Topic<String, TrendingScore> ITEM_TRENDING =
            new Topic<>("item-trending", Serdes.String(), JsonSerde.of(TrendingScore.class), true, Duration.ZERO);

    /** This feature's topics, in the order they are created. */
    public static final List<Topic<?, ?>> ALL = List.of(ITEM_TRENDING);

    private TrendingTopics() {}
}
