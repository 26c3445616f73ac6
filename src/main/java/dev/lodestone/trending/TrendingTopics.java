package dev.lodestone.trending;

import dev.lodestone.platform.kafka.Topic;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;

/** The trending feature's topics. {@code docs/architecture.md} registers each of them. */
public final class TrendingTopics {

    /** Latest decayed popularity per item; compacted. Binary ({@link TrendingScoreSerde}; JSON still read). */
    public static final Topic<String, TrendingScore> ITEM_TRENDING =
            new Topic<>("item-trending", Serdes.String(), new TrendingScoreSerde(), true, Duration.ZERO);

    /** This feature's topics, in the order they are created. */
    public static final List<Topic<?, ?>> ALL = List.of(ITEM_TRENDING);

    private TrendingTopics() {}
}
