package dev.lodestone.platform.kafka.streams;

import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;

/**
 * Store suppliers that are persistent (RocksDB) in the engine, or in memory for an in-process replay
 * with {@code TopologyTestDriver}, which commits after every record and would otherwise write
 * RocksDB checkpoint files each time ({@code lodestone.streams.in-memory-stores}).
 */
public final class StateStores {

    private StateStores() {}

    public static KeyValueBytesStoreSupplier keyValue(String name, boolean inMemory) {
        return inMemory ? Stores.inMemoryKeyValueStore(name) : Stores.persistentKeyValueStore(name);
    }
}
