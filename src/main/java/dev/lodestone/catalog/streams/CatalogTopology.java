package dev.lodestone.catalog.streams;

import dev.lodestone.catalog.CatalogItem;
import dev.lodestone.catalog.CatalogTopics;
import dev.lodestone.platform.kafka.RecurringValueSerde;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.GlobalKTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.KeyValueStore;

/** The catalog as a global table: every task can look up any item without a repartition. */
public final class CatalogTopology {

    /** Global store of {@code catalog-items}; read by the profile and trending processors. */
    public static final String STORE = "catalog-items-store";

    /**
     * Decoded items kept by their bytes: every event looks up its item, and parsing the item's JSON was 7 % of
     * the stream threads' time (docs/benchmarks.md). About 1.5 KB each; a larger catalog starts the memo again.
     */
    static final int DECODED_ITEMS = 20_000;

    private CatalogTopology() {}

    public static GlobalKTable<String, CatalogItem> addTo(StreamsBuilder builder) {
        // On Consumed, not Materialized: a table's store takes the serdes of its source and drops Materialized's.
        Serde<CatalogItem> items = new RecurringValueSerde<>(CatalogTopics.CATALOG_ITEMS.valueSerde(), DECODED_ITEMS);
        return builder.globalTable(
                CatalogTopics.CATALOG_ITEMS.name(),
                Consumed.with(CatalogTopics.CATALOG_ITEMS.keySerde(), items).withName("catalog-items-source"),
                Materialized.<String, CatalogItem, KeyValueStore<Bytes, byte[]>>as(STORE));
    }
}
