package dev.lodestone.platform.kafka.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lodestone.support.TopologyHarness;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

/** A topology that writes one key several times per record: what reaches a store's changelog. */
final class RepeatedWrites {

    static final String STORE = "counts";
    /** Room for the few keys written: the engine's default, where the harness's own is 0. */
    private static final long CACHE_BYTES = 10 * 1024 * 1024;

    private RepeatedWrites() {}

    /** Adds one to the key's count once per character of the value. */
    private static final class Counting implements Processor<String, String, Void, Void> {
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

    /**
     * Counts "a" three times, "b" once, "a" twice more, one input record each (the driver commits after
     * each), and returns the store's changelog.
     */
    static List<KeyValue<String, String>> changelog(StoreBuilder<KeyValueStore<String, String>> store) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(store);
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String())).process(Counting::new, STORE);

        try (TopologyHarness harness = new TopologyHarness(builder.build(), CACHE_BYTES)) {
            TestInputTopic<String, String> in =
                    harness.driver.createInputTopic("in", new StringSerializer(), new StringSerializer());
            in.pipeInput("a", "xxx");
            in.pipeInput("b", "x");
            in.pipeInput("a", "xx");
            assertEquals("5", harness.<String, String>store(STORE).get("a"));
            return harness.driver
                    .createOutputTopic(
                            TopologyHarness.APPLICATION_ID + "-" + STORE + "-changelog",
                            new StringDeserializer(),
                            new StringDeserializer())
                    .readKeyValuesToList();
        }
    }
}
