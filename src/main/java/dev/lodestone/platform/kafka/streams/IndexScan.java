package dev.lodestone.platform.kafka.streams;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Reads every entry of a string-keyed index store under a prefix (e.g. {@code u:<userId>,}) into a
 * list, closing the iterator before the caller deletes what it found: the forget paths of features
 * whose state is partitioned by something else than the shopper find the shopper's part this way.
 */
public final class IndexScan {

    private IndexScan() {}

    public static <V> List<KeyValue<String, V>> entries(KeyValueStore<String, V> store, String prefix) {
        List<KeyValue<String, V>> found = new ArrayList<>();
        try (KeyValueIterator<String, V> it =
                store.prefixScan(prefix, Serdes.String().serializer())) {
            it.forEachRemaining(found::add);
        }
        return found;
    }
}
