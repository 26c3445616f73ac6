package dev.lodestone.similarity;

import dev.lodestone.platform.kafka.Topic;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;

/** The similarity feature's topics. {@code docs/architecture.md} registers each of them. */
public final class SimilarityTopics {

    /**
     * Latest top-K neighbours per item; compacted. Binary ({@link NeighbourListSerde}, which also reads
     * the JSON earlier versions published).
     */
    public static final Topic<String, NeighbourList> ITEM_NEIGHBOURS =
            new Topic<>("item-neighbours", Serdes.String(), new NeighbourListSerde(), true, Duration.ZERO);

    /** This feature's topics, in the order they are created. */
    public static final List<Topic<?, ?>> ALL = List.of(ITEM_NEIGHBOURS);

    private SimilarityTopics() {}
}
