package dev.lodestone.platform.kafka.streams;

import dev.lodestone.platform.kafka.JsonSerde;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowBytesStoreSupplier;

/**
 * Where state stores keep their data. RocksDB for the engine (state larger than the heap, fast
 * restarts from the local state directory); in memory for replays, where a RocksDB flush on every
 * {@code TopologyTestDriver} commit would dominate. Both are backed by the same changelog topics.
 */
public enum StoreKind {
    ROCKSDB,
    IN_MEMORY;

    public KeyValueBytesStoreSupplier keyValue(String name) {
        return this == ROCKSDB ? Stores.persistentKeyValueStore(name) : Stores.inMemoryKeyValueStore(name);
    }

    /**
     * A key-value store of this kind with string keys and values in {@code values}, behind Kafka Streams'
     * record cache: a key written several times within a commit interval reaches RocksDB and its changelog
     * once, at the commit (as the DSL's aggregates already do), instead of once per write.
     */
    public <V> StoreBuilder<KeyValueStore<String, V>> keyValue(String name, Serde<V> values) {
        return Stores.keyValueStoreBuilder(keyValue(name), Serdes.String(), values)
                .withCachingEnabled();
    }

    /** A key-value store of this kind with string keys and JSON values of {@code type}. */
    public <V> StoreBuilder<KeyValueStore<String, V>> jsonKeyValue(String name, Class<V> type) {
        return keyValue(name, JsonSerde.of(type));
    }

    public WindowBytesStoreSupplier window(String name, Duration retention, Duration windowSize) {
        return this == ROCKSDB
                ? Stores.persistentWindowStore(name, retention, windowSize, false)
                : Stores.inMemoryWindowStore(name, retention, windowSize, false);
    }

    /** A {@link Materialized} for a key-value store of this kind. */
    public <K, V> Materialized<K, V, KeyValueStore<Bytes, byte[]>> materialized(String name) {
        return Materialized.as(keyValue(name));
    }
}
