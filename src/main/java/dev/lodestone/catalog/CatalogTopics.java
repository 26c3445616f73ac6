package dev.lodestone.catalog;

import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.platform.kafka.Topic;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;

/** The catalog feature's topics. {@code docs/architecture.md} registers each of them. */
public final class CatalogTopics {

    /** The catalog keyed by item id; compacted, a delete is a tombstone. */
    public static final Topic<String, CatalogItem> CATALOG_ITEMS =
            new Topic<>("catalog-items", Serdes.String(), JsonSerde.of(CatalogItem.class), true, Duration.ZERO);

    /** This feature's topics, in the order they are created. */
    public static final List<Topic<?, ?>> ALL = List.of(CATALOG_ITEMS);

    private CatalogTopics() {}
}
