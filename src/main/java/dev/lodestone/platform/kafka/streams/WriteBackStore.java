package dev.lodestone.platform.kafka.streams;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * Decoded values in front of a key-value store whose values are read and rewritten by every record
 * (an item's candidate list, once per co-occurrence signal): reads of a known key and writes cost no
 * serde; the values written are handed to the store below once per key, when Kafka Streams flushes its
 * caches before committing ({@link #flushCache()}, ahead of the producer's flush and the transaction's
 * commit), so the changelog and the commit stay exactly what they would be without this layer.
 *
 * <p>One instance per task, used by its stream thread only. It keeps the values it decoded or was given
 * (trimmed to {@code capacity} at each write-back, least recently used first out); written values stay
 * until they are handed down, at most one commit interval. Closing or clearing the caches (a revoked or recycled
 * task) drops everything, and the task's store is rebuilt from its changelog as before. Values must not
 * be mutated after a {@code put} or a {@code get}: the same object is handed out again. Iterations and
 * counts hand the written values down first. Interactive queries read the store below.
 *
 * <p>Values are encoded at the flush, not while their record is processed, so an encoding failure would
 * fail the commit instead of parking one record: only for values whose codec encodes whatever their
 * processor builds (the binary codecs of lists and profiles: growing buffers, no data-dependent limit).
 */
public final class WriteBackStore<V> extends WrappedStateStore<KeyValueStore<String, V>, String, V>
        implements KeyValueStore<String, V> {

    private final int capacity;
    /** Decoded values, least recently used first; null for a key deleted here. */
    private final Map<String, V> values;
    /** Values (null: deleted) the store below has not been given yet, in the order written. */
    private final Map<String, V> written = new LinkedHashMap<>();
    /** Told each key and value as it is handed down. */
    private BiConsumer<String, V> handedDown = (key, value) -> {};

    WriteBackStore(KeyValueStore<String, V> store, int capacity) {
        super(store);
        this.capacity = capacity;
        // Access order: the trim after each write-back drops the least recently used.
        this.values = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true);
    }

    /** {@code store} with decoded values kept in front of it, at most {@code capacity} clean ones per task. */
    public static <V> StoreBuilder<KeyValueStore<String, V>> of(
            StoreBuilder<KeyValueStore<String, V>> store, int capacity) {
        return new Builder<>(store, capacity);
    }

    /**
     * The write-back layer under a store a processor got from its context ({@code getStateStore} wraps it
     * in Kafka Streams' own decorators).
     *
     * @throws IllegalStateException when the store was built without one ({@link #of})
     */
    @SuppressWarnings("unchecked")
    public static <V> WriteBackStore<V> under(StateStore store) {
        StateStore layer = store;
        while (layer instanceof WrappedStateStore<?, ?, ?> wrapper) {
            if (layer instanceof WriteBackStore<?> writeBack) {
                return (WriteBackStore<V>) writeBack;
            }
            layer = wrapper.wrapped();
        }
        throw new IllegalStateException(store.name() + " has no write-back layer");
    }

    /**
     * Tells {@code listener} each key and value (null: deleted) as this store hands it down, that is when
     * Kafka Streams flushes the task's caches before a commit: once per key written since the last
     * commit, with the last value written. What the listener forwards is therefore part of the same
     * transaction as the store's changelog. It must not write to this store. One listener per store.
     */
    public void onHandDown(BiConsumer<String, V> listener) {
        this.handedDown = listener;
    }

    @Override
    public V get(String key) {
        V value = values.get(key);
        if (value != null || values.containsKey(key)) {
            return value;
        }
        value = wrapped().get(key);
        if (value != null) {
            values.put(key, value);
        }
        return value;
    }

    @Override
    public void put(String key, V value) {
        values.put(key, value);
        written.put(key, value);
    }

    @Override
    public V putIfAbsent(String key, V value) {
        V before = get(key);
        if (before == null) {
            put(key, value);
        }
        return before;
    }

    @Override
    public void putAll(List<KeyValue<String, V>> entries) {
        entries.forEach(entry -> put(entry.key, entry.value));
    }

    @Override
    public V delete(String key) {
        V before = get(key);
        put(key, null);
        return before;
    }

    @Override
    public KeyValueIterator<String, V> range(String from, String to) {
        writeBack();
        return wrapped().range(from, to);
    }

    @Override
    public KeyValueIterator<String, V> reverseRange(String from, String to) {
        writeBack();
        return wrapped().reverseRange(from, to);
    }

    @Override
    public KeyValueIterator<String, V> all() {
        writeBack();
        return wrapped().all();
    }

    @Override
    public KeyValueIterator<String, V> reverseAll() {
        writeBack();
        return wrapped().reverseAll();
    }

    @Override
    public <S extends Serializer<P>, P> KeyValueIterator<String, V> prefixScan(P prefix, S prefixSerializer) {
        writeBack();
        return wrapped().prefixScan(prefix, prefixSerializer);
    }

    @Override
    public long approximateNumEntries() {
        writeBack();
        return wrapped().approximateNumEntries();
    }

    @Override
    public void flushCache() {
        writeBack();
        super.flushCache();
    }

    @Override
    public void flush() {
        writeBack();
        super.flush();
    }

    @Override
    public void clearCache() {
        drop();
        super.clearCache();
    }

    @Override
    public void close() {
        drop();
        super.close();
    }

    private void writeBack() {
        written.forEach((key, value) -> {
            if (value == null) {
                wrapped().delete(key);
            } else {
                wrapped().put(key, value);
            }
            handedDown.accept(key, value);
        });
        written.clear();
        // Trimmed only here, once everything held is clean: between two commits the values read may
        // exceed the capacity by what one commit interval touched.
        Iterator<String> eldestFirst = values.keySet().iterator();
        for (int excess = values.size() - capacity; excess > 0; excess--) {
            eldestFirst.next();
            eldestFirst.remove();
        }
    }

    private void drop() {
        values.clear();
        written.clear();
    }

    private record Builder<V>(StoreBuilder<KeyValueStore<String, V>> store, int capacity)
            implements StoreBuilder<KeyValueStore<String, V>> {

        @Override
        public StoreBuilder<KeyValueStore<String, V>> withCachingEnabled() {
            return new Builder<>(store.withCachingEnabled(), capacity);
        }

        @Override
        public StoreBuilder<KeyValueStore<String, V>> withCachingDisabled() {
            return new Builder<>(store.withCachingDisabled(), capacity);
        }

        @Override
        public StoreBuilder<KeyValueStore<String, V>> withLoggingEnabled(Map<String, String> config) {
            return new Builder<>(store.withLoggingEnabled(config), capacity);
        }

        @Override
        public StoreBuilder<KeyValueStore<String, V>> withLoggingDisabled() {
            return new Builder<>(store.withLoggingDisabled(), capacity);
        }

        @Override
        public KeyValueStore<String, V> build() {
            return new WriteBackStore<>(store.build(), capacity);
        }

        @Override
        public Map<String, String> logConfig() {
            return store.logConfig();
        }

        @Override
        public boolean loggingEnabled() {
            return store.loggingEnabled();
        }

        @Override
        public String name() {
            return store.name();
        }
    }
}
