package dev.lodestone.signals.streams;

import dev.lodestone.platform.kafka.streams.SortableTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A store of shoppers by the wall-clock time something of theirs falls due ({@code <epoch ms, 13
 * digits>,<shopperKey>} → shopper key), so a punctuator reads only what is due instead of scanning every
 * shopper. Keys sort by time in both RocksDB (bytes) and the in-memory store.
 */
final class DueIndex {

    private final KeyValueStore<String, String> store;

    DueIndex(KeyValueStore<String, String> store) {
        this.store = store;
    }

    static String key(long due, String shopperKey) {
        return SortableTime.of(due) + "," + shopperKey;
    }

    void put(Long due, String shopperKey) {
        if (due != null) {
            store.put(key(due, shopperKey), shopperKey);
        }
    }

    void remove(Long due, String shopperKey) {
        if (due != null) {
            store.delete(key(due, shopperKey));
        }
    }

    /** The earliest time anything is due, or null when nothing is. */
    Long first() {
        try (KeyValueIterator<String, String> it = store.all()) {
            return it.hasNext() ? Long.parseLong(it.next().key.substring(0, 13)) : null;
        }
    }

    /** Entries due at or before {@code now}, oldest first, as (due, shopper key); read before any is changed. */
    List<KeyValue<Long, String>> dueBy(long now) {
        List<KeyValue<Long, String>> due = new ArrayList<>();
        // Upper bound "<now + 1>" sorts after every "<now>,<key>" and before every "<now + 1>,<key>".
        try (KeyValueIterator<String, String> it = store.range(SortableTime.of(0), SortableTime.of(now + 1))) {
            while (it.hasNext()) {
                KeyValue<String, String> entry = it.next();
                due.add(KeyValue.pair(Long.parseLong(entry.key.substring(0, 13)), entry.value));
            }
        }
        return due;
    }
}
