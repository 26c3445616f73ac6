package dev.lodestone.catalog.streams;

import dev.lodestone.catalog.CatalogItem;
import java.util.function.Function;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/** Reads the global catalog store from inside any processor; null for items the catalog does not know. */
public final class CatalogLookup {

    private CatalogLookup() {}

    @SuppressWarnings("unchecked")
    public static Function<String, CatalogItem> of(ProcessingContext context) {
        Object store = context.getStateStore(CatalogTopology.STORE);
        if (store instanceof TimestampedKeyValueStore<?, ?> timestamped) {
            TimestampedKeyValueStore<String, CatalogItem> items =
                    (TimestampedKeyValueStore<String, CatalogItem>) timestamped;
            return id -> ValueAndTimestamp.getValueOrNull(items.get(id));
        }
        KeyValueStore<String, CatalogItem> items = (KeyValueStore<String, CatalogItem>) store;
        return items::get;
    }
}
