package dev.lodestone.platform.kafka.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lodestone.support.TopologyHarness;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

class CommitBufferTest {

    private static final String BUFFER = "sums";
    private static final Instant AT = Instant.parse("2026-11-30T10:00:00Z");

    /** Adds one to the key's sum per character of the value; publishes each sum as it is handed down. */
    private static final class Sums implements Processor<String, String, String, String> {
        private CommitBuffer<Integer> buffer;

        @Override
        public void init(ProcessorContext<String, String> context) {
            buffer = CommitBuffer.in(context, BUFFER);
            CommitForwarder<String, String> publication = CommitForwarder.of(context);
            buffer.onHandDown((key, sum) ->
                    publication.forward(new Record<>(key, String.valueOf(sum), context.currentSystemTimeMs())));
        }

        @Override
        public void process(Record<String, String> record) {
            for (int i = 0; i < record.value().length(); i++) {
                buffer.add(record.key(), 1, Integer::sum);
            }
        }
    }

    @Test
    void handsDownWhatWasAddedSinceTheLastCommitOncePerKey() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(CommitBuffer.<Integer>builder(BUFFER));
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                .process(Sums::new, BUFFER)
                .to("out", Produced.with(Serdes.String(), Serdes.String()));

        try (TopologyHarness harness = new TopologyHarness(builder.build(), 10 * 1024 * 1024)) {
            TestInputTopic<String, String> in =
                    harness.driver.createInputTopic("in", new StringSerializer(), new StringSerializer());
            // The driver commits after each input record.
            in.pipeInput("a", "xxx", AT);
            in.pipeInput("b", "x", AT);
            in.pipeInput("a", "xx", AT);

            List<String> out = harness
                    .driver
                    .createOutputTopic("out", new StringDeserializer(), new StringDeserializer())
                    .readRecordsToList()
                    .stream()
                    .map(r -> r.key() + "=" + r.value())
                    .toList();
            // Sums since the last commit, not running totals: downstream adds them up.
            assertEquals(List.of("a=3", "b=1", "a=2"), out);
        }
    }

    @Test
    void handsDownInTheOrderKeysWereFirstWrittenAndDropsWhatAClosedTaskHeld() {
        CommitBuffer<Integer> buffer = CommitBuffer.<Integer>builder(BUFFER).build();
        buffer.init(new MockProcessorContext<>().getStateStoreContext(), buffer);
        List<String> handedDown = new ArrayList<>();
        buffer.onHandDown((key, sum) -> handedDown.add(key + "=" + sum));

        buffer.add("b", 1, Integer::sum);
        buffer.add("a", 2, Integer::sum);
        buffer.add("b", 4, Integer::sum);
        buffer.flush(); // a store flush after the commit hands nothing down
        assertEquals(List.of(), handedDown);
        buffer.flushCache();
        assertEquals(List.of("b=5", "a=2"), handedDown);

        buffer.add("c", 1, Integer::sum);
        buffer.clearCache(); // a task closed without committing: its inputs are processed again
        buffer.flushCache();
        assertEquals(List.of("b=5", "a=2"), handedDown);
    }

    @Test
    void refusesAChangelog() {
        assertThrows(
                UnsupportedOperationException.class,
                () -> CommitBuffer.<Integer>builder(BUFFER).withLoggingEnabled(Map.of()));
    }
}
