package dev.lodestone.platform.kafka.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.internals.WrappedStateStore;
import org.junit.jupiter.api.Test;

class WriteBackStoreTest {

    private static final String STORE = RepeatedWrites.STORE;

    private final AtomicInteger decoded = new AtomicInteger();
    private final AtomicInteger encoded = new AtomicInteger();

    /** Strings, counting what is encoded and decoded. */
    private Serde<String> counting() {
        return Serdes.serdeFrom(
                (topic, value) -> {
                    encoded.incrementAndGet();
                    return value.getBytes(StandardCharsets.UTF_8);
                },
                (topic, bytes) -> {
                    decoded.incrementAndGet();
                    return new String(bytes, StandardCharsets.UTF_8);
                });
    }

    @Test
    void writesReachTheChangelogOncePerCommitAndKnownValuesAreNotDecodedAgain() {
        List<KeyValue<String, String>> changelog = RepeatedWrites.changelog(WriteBackStore.of(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE), Serdes.String(), counting()), 10));

        assertEquals(List.of(KeyValue.pair("a", "3"), KeyValue.pair("b", "1"), KeyValue.pair("a", "5")), changelog);
        assertEquals(3, encoded.get(), "one encoding per key and commit");
        assertEquals(0, decoded.get(), "every value read was one this store had written");
    }

    private KeyValueStore<String, String> initialised(int capacity) {
        KeyValueStore<String, String> store = WriteBackStore.of(
                        Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE), Serdes.String(), counting())
                                .withLoggingDisabled(),
                        capacity)
                .build();
        MockProcessorContext<Void, Void> context = new MockProcessorContext<>();
        store.init(context.getStateStoreContext(), store);
        return store;
    }

    @SuppressWarnings("unchecked")
    private static KeyValueStore<String, String> below(KeyValueStore<String, String> store) {
        return ((WrappedStateStore<KeyValueStore<String, String>, String, String>) store).wrapped();
    }

    @Test
    void theStoreBelowGetsWrittenValuesWhenCachesAreFlushed() {
        KeyValueStore<String, String> store = initialised(10);
        store.put("a", "1");
        store.put("b", "2");
        store.delete("b");
        assertNull(below(store).get("a"));

        ((WriteBackStore<String>) store).flushCache();

        assertEquals("1", below(store).get("a"));
        assertNull(below(store).get("b"));
        assertEquals("1", store.get("a"));
    }

    @Test
    void valuesNotYetWrittenBackAreDroppedWithTheCache() {
        KeyValueStore<String, String> store = initialised(10);
        store.put("a", "1");
        ((WriteBackStore<String>) store).flushCache();
        store.put("a", "2");

        ((WriteBackStore<String>) store).clearCache(); // a task given up before its commit

        assertEquals("1", store.get("a"));
    }

    @Test
    void iterationsSeeTheValuesWritten() {
        KeyValueStore<String, String> store = initialised(10);
        store.put("a", "1");
        store.put("b", "2");
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, String> all = store.all()) {
            all.forEachRemaining(entry -> keys.add(entry.key + "=" + entry.value));
        }
        assertEquals(List.of("a=1", "b=2"), keys);
    }

    @Test
    void keepsAtMostItsCapacityOfCleanValues() {
        KeyValueStore<String, String> store = initialised(2);
        store.put("a", "1");
        store.put("b", "2");
        store.put("c", "3");
        ((WriteBackStore<String>) store).flushCache();
        decoded.set(0);

        store.get("a"); // "a" was written longest ago: pushed out by "c" once clean
        store.get("d"); // unknown: read from below, nothing kept
        store.get("c");

        assertEquals(1, decoded.get());
    }

    @Test
    void tellsEachKeyHandedDownOnceWithTheLastValueWritten() {
        KeyValueStore<String, String> store = initialised(10);
        List<String> handedDown = new ArrayList<>();
        WriteBackStore.<String>under(store).onHandDown((key, value) -> handedDown.add(key + "=" + value));
        store.put("a", "1");
        store.put("b", "2");
        store.put("a", "3");
        store.delete("b");
        assertEquals(List.of(), handedDown, "nothing before the caches are flushed");

        ((WriteBackStore<String>) store).flushCache();
        ((WriteBackStore<String>) store).flushCache();

        assertEquals(List.of("a=3", "b=null"), handedDown);
    }
}
