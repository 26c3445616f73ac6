package dev.lodestone.platform.kafka.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

/** A topology that writes one key several times per record: what reaches a store's changelog. */
final class RepeatedWrites {

    static final String STORE = "counts";
    private static final String APPLICATION = "repeated-writes";

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
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");

        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props)) {
            TestInputTopic<String, String> in =
                    driver.createInputTopic("in", new StringSerializer(), new StringSerializer());
            in.pipeInput("a", "xxx");
            in.pipeInput("b", "x");
            in.pipeInput("a", "xx");
            assertEquals("5", driver.<String, String>getKeyValueStore(STORE).get("a"));
            return driver.createOutputTopic(
                            APPLICATION + "-" + STORE + "-changelog",
                            new StringDeserializer(),
                            new StringDeserializer())
                    .readKeyValuesToList();
        }
    }
}
