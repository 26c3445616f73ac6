package dev.lodestone.platform.kafka.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.internals.WrappedStateStore;
import org.junit.jupiter.api.Test;

class WriteBackStoreTest {

    private static final String STORE = "counts";

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

    /** Adds one to the key's count once per character of the value: several writes of one key per record. */
    static final class Counting implements Processor<String, String, Void, Void> {
        private KeyValueStore<String, String> store;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<String, String> record) {
            for (int i = 0; i < record.value().length(); i++) {
                String count = store.get(record.key());
                store.put(record.key(), String.valueOf(count == null ? 1 : Integer.parseInt(count) + 1));
            }
        }
    }

    @Test
    void writesReachTheChangelogOncePerCommitAndKnownValuesAreNotDecodedAgain() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(WriteBackStore.of(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE), Serdes.String(), counting()), 10));
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String())).process(Counting::new, STORE);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "write-back");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");

        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props)) {
            TestInputTopic<String, String> in =
                    driver.createInputTopic("in", new StringSerializer(), new StringSerializer());
            in.pipeInput("a", "xxx"); // the driver commits after each input record
            in.pipeInput("b", "x");
            in.pipeInput("a", "xx");

            List<KeyValue<String, String>> changelog = driver.createOutputTopic(
                            "write-back-" + STORE + "-changelog", new StringDeserializer(), new StringDeserializer())
                    .readKeyValuesToList();
            assertEquals(List.of(KeyValue.pair("a", "3"), KeyValue.pair("b", "1"), KeyValue.pair("a", "5")), changelog);
            assertEquals(3, encoded.get(), "one encoding per key and commit");
            assertEquals(0, decoded.get(), "every value read was one this store had written");
            assertEquals("5", driver.<String, String>getKeyValueStore(STORE).get("a"));
        }
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
}
