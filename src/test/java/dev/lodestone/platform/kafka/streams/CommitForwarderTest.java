package dev.lodestone.platform.kafka.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lodestone.support.TopologyHarness;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

class CommitForwarderTest {

    private static final String STORE = "counts";
    private static final Instant AT = Instant.parse("2026-11-30T10:00:00Z");

    /** Adds one to the key's count per character of the value; publishes each count as it is handed down. */
    private static final class PublishedCounts implements Processor<String, String, String, String> {
        private KeyValueStore<String, String> store;

        @Override
        public void init(ProcessorContext<String, String> context) {
            store = context.getStateStore(STORE);
            CommitForwarder<String, String> publication = CommitForwarder.of(context);
            WriteBackStore.<String>under(store)
                    .onHandDown((key, count) ->
                            publication.forward(new Record<>(key, count, context.currentSystemTimeMs())));
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
    void publishesEachKeyOncePerCommitWithItsLastValueOutsideProcessing() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(WriteBackStore.of(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE), Serdes.String(), Serdes.String()),
                10));
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                .process(PublishedCounts::new, STORE)
                .to("out", Produced.with(Serdes.String(), Serdes.String()));

        try (TopologyHarness harness = new TopologyHarness(builder.build(), 10 * 1024 * 1024)) {
            TestInputTopic<String, String> in =
                    harness.driver.createInputTopic("in", new StringSerializer(), new StringSerializer());
            // The driver commits after each input record: five puts of "a" and one of "b" in three commits.
            in.pipeInput("a", "xxx", AT);
            in.pipeInput("b", "x", AT);
            in.pipeInput("a", "xx", AT);

            List<TestRecord<String, String>> out = harness.driver
                    .createOutputTopic("out", new StringDeserializer(), new StringDeserializer())
                    .readRecordsToList();
            assertEquals(
                    List.of("a=3", "b=1", "a=5"),
                    out.stream().map(r -> r.key() + "=" + r.value()).toList());
            assertEquals(
                    TopologyHarness.WALL_CLOCK_START,
                    out.get(0).getRecordTime(),
                    "the timestamp the processor gave the published record");
        }
    }
}
