package dev.lodestone.dashboard.streams;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/** Helpers of the dashboard processors' string stores: UTC days, counters, prefix scans. */
final class DayKeys {

    static final StringSerializer KEYS = new StringSerializer();

    private DayKeys() {}

    static String day(long epochMs) {
        return LocalDate.ofInstant(Instant.ofEpochMilli(epochMs), ZoneOffset.UTC)
                .toString();
    }

    static long get(KeyValueStore<String, String> store, String key) {
        String v = store.get(key);
        return v == null ? 0 : Long.parseLong(v);
    }

    static void add(KeyValueStore<String, String> store, String key, long delta) {
        store.put(key, Long.toString(get(store, key) + delta));
    }

    static List<KeyValue<String, String>> scan(KeyValueStore<String, String> store, String prefix) {
        List<KeyValue<String, String>> found = new ArrayList<>();
        try (KeyValueIterator<String, String> it = store.prefixScan(prefix, KEYS)) {
            it.forEachRemaining(found::add);
        }
        return found;
    }

    /** Deletes the entries of {@code prefix} whose day (the segment after it) is before {@code keepFrom}. */
    static void dropDaysBefore(KeyValueStore<String, String> store, String prefix, String keepFrom) {
        List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, String> it = store.range(prefix, prefix + keepFrom)) {
            it.forEachRemaining(kv -> {
                if (kv.key.startsWith(prefix)
                        && kv.key.substring(prefix.length()).compareTo(keepFrom) < 0) {
                    old.add(kv.key);
                }
            });
        }
        old.forEach(store::delete);
    }
}
