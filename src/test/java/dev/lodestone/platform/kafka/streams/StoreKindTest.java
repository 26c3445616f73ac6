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
import org.junit.jupiter.api.Test;

class StoreKindTest {

    private static final String STORE = "counts";

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
    void aKeyWrittenSeveralTimesBeforeACommitReachesItsChangelogOnce() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(StoreKind.IN_MEMORY.keyValue(STORE, Serdes.String()));
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String())).process(Counting::new, STORE);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "store-kind");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");

        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props)) {
            TestInputTopic<String, String> in =
                    driver.createInputTopic("in", new StringSerializer(), new StringSerializer());
            in.pipeInput("a", "xxx"); // the driver commits after each input record
            in.pipeInput("b", "x");
            in.pipeInput("a", "xx");

            List<KeyValue<String, String>> changelog = driver.createOutputTopic(
                            "store-kind-" + STORE + "-changelog", new StringDeserializer(), new StringDeserializer())
                    .readKeyValuesToList();
            assertEquals(List.of(KeyValue.pair("a", "3"), KeyValue.pair("b", "1"), KeyValue.pair("a", "5")), changelog);
            assertEquals("5", driver.<String, String>getKeyValueStore(STORE).get("a"));
        }
    }
}
