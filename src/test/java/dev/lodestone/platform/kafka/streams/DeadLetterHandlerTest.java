package dev.lodestone.platform.kafka.streams;

import static dev.lodestone.points.api.PointsRequests.httpStatus;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lodestone.engine.EngineConfig;
import dev.lodestone.ingest.IngestTopics;
import dev.lodestone.ingest.streams.ShopperEventStream;
import dev.lodestone.platform.kafka.PlatformTopics;
import dev.lodestone.points.Decision;
import dev.lodestone.points.PointsCommand;
import dev.lodestone.points.PointsTopics;
import dev.lodestone.support.TopologyHarness;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler.ProcessingHandlerResponse;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.ProductionExceptionHandlerResponse;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.SerializationExceptionOrigin;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

/** One bad record is parked with its reason and the topology goes on with the next. */
class DeadLetterHandlerTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final byte[] NO_REQUEST_ID =
            "{\"type\":\"REDEEM\",\"userId\":\"alice\",\"points\":10}".getBytes(StandardCharsets.UTF_8);

    @Test
    void shouldParkACommandTheLedgerFailsOnAndDecideTheNextOne() {
        try (TopologyHarness harness = harness()) {
            TestInputTopic<String, byte[]> raw = rawCommands(harness);
            TestOutputTopic<String, Decision> replies = harness.output(PointsTopics.POINTS_REPLIES);
            raw.pipeInput("u:alice", NO_REQUEST_ID, T0);
            harness.input(PointsTopics.POINTS_COMMANDS).pipeInput("u:alice", redeem("rdm-1"), T0.plusSeconds(1));

            assertEquals(409, httpStatus(replies.readValue()), "the next command was decided");
            assertEquals(1, harness.parked.size());
            ProducerRecord<byte[], byte[]> parked = harness.parked.getFirst();
            assertEquals(PlatformTopics.STREAMS_DLQ.name(), parked.topic());
            assertArrayEquals("u:alice".getBytes(StandardCharsets.UTF_8), parked.key());
            assertArrayEquals(NO_REQUEST_ID, parked.value());
            assertEquals(
                    "processing failed in points-ledger", header(parked.headers(), ShopperEventStream.HEADER_REASON));
            assertEquals("points-ledger", header(parked.headers(), ShopperEventStream.HEADER_PROCESSOR));
            assertEquals("points-commands", header(parked.headers(), ShopperEventStream.HEADER_TOPIC));
            assertEquals("0", header(parked.headers(), ShopperEventStream.HEADER_PARTITION));
            assertEquals("0", header(parked.headers(), ShopperEventStream.HEADER_OFFSET));
        }
    }

    @Test
    void shouldParkACommandThatCannotBeReadAndDecideTheNextOne() {
        try (TopologyHarness harness = harness()) {
            TestOutputTopic<String, Decision> replies = harness.output(PointsTopics.POINTS_REPLIES);
            rawCommands(harness).pipeInput("u:alice", "nope".getBytes(StandardCharsets.UTF_8), T0);
            harness.input(PointsTopics.POINTS_COMMANDS).pipeInput("u:alice", redeem("rdm-1"), T0.plusSeconds(1));

            assertEquals(409, httpStatus(replies.readValue()));
            ProducerRecord<byte[], byte[]> parked = harness.parked.getFirst();
            assertEquals(PlatformTopics.STREAMS_DLQ.name(), parked.topic());
            assertArrayEquals("nope".getBytes(StandardCharsets.UTF_8), parked.value());
            assertEquals(
                    "could not deserialize a record of points-commands",
                    header(parked.headers(), ShopperEventStream.HEADER_REASON));
        }
    }

    @Test
    void shouldParkAShopperEventBesideTheRecordsTheDecodeStageRefuses() {
        List<ProducerRecord<byte[], byte[]>> parked = new ArrayList<>();
        DeadLetterHandler handler = handler(parked::add);
        Headers original = new RecordHeaders().add("trace", new byte[] {1});

        ProcessingHandlerResponse response = handler.handle(
                context("shopper-events", "profile-aggregate", original),
                new Record<>("u:alice", "decoded", 0L),
                new ArithmeticException("long overflow"));

        assertEquals(ProcessingHandlerResponse.CONTINUE, response);
        assertEquals(IngestTopics.SHOPPER_EVENTS_DLQ.name(), parked.getFirst().topic());
        Headers headers = parked.getFirst().headers();
        assertEquals("processing failed in profile-aggregate", header(headers, ShopperEventStream.HEADER_REASON));
        assertEquals("3", header(headers, ShopperEventStream.HEADER_PARTITION));
        assertEquals("42", header(headers, ShopperEventStream.HEADER_OFFSET));
        assertArrayEquals(new byte[] {1}, headers.lastHeader("trace").value());
    }

    @Test
    void shouldParkTheSourceOfAnOutputThatCannotBeSerialized() {
        List<ProducerRecord<byte[], byte[]>> parked = new ArrayList<>();
        ProductionExceptionHandlerResponse response = handler(parked::add)
                .handleSerializationException(
                        context("points-commands", "points-ledger", new RecordHeaders()),
                        new ProducerRecord<>("points-ledger", "u:alice", "entry"),
                        new IllegalStateException("cannot serialize"),
                        SerializationExceptionOrigin.VALUE);

        assertEquals(ProductionExceptionHandlerResponse.CONTINUE, response);
        assertEquals(PlatformTopics.STREAMS_DLQ.name(), parked.getFirst().topic());
        assertEquals(
                "could not serialize the value of an output to points-ledger",
                header(parked.getFirst().headers(), ShopperEventStream.HEADER_REASON));
    }

    @Test
    void shouldContinueWhenTheDeadLetterTopicCannotBeWritten() {
        DeadLetterHandler handler = handler(record -> {
            throw new IllegalStateException("broker down");
        });

        assertEquals(
                ProcessingHandlerResponse.CONTINUE,
                handler.handle(
                        context("points-commands", "points-ledger", new RecordHeaders()),
                        new Record<>("u:alice", "command", 0L),
                        new NullPointerException()));
    }

    private static TopologyHarness harness() {
        return new TopologyHarness(EngineConfig.with(Map.of("lodestone.streams.store-kind", "IN_MEMORY")));
    }

    private static TestInputTopic<String, byte[]> rawCommands(TopologyHarness harness) {
        return harness.driver.createInputTopic(
                PointsTopics.POINTS_COMMANDS.name(),
                Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
    }

    private static PointsCommand redeem(String requestId) {
        return new PointsCommand(PointsCommand.Type.REDEEM, requestId, "alice", 10, null, "fp", null, T0);
    }

    private static DeadLetterHandler handler(DeadLetterSink sink) {
        DeadLetterHandler handler = new DeadLetterHandler();
        handler.configure(Map.of(DeadLetterHandler.SINK_CONFIG, sink));
        return handler;
    }

    private static ErrorHandlerContext context(String topic, String processor, Headers headers) {
        return new ErrorHandlerContext() {
            @Override
            public String topic() {
                return topic;
            }

            @Override
            public int partition() {
                return 3;
            }

            @Override
            public long offset() {
                return 42;
            }

            @Override
            public Headers headers() {
                return headers;
            }

            @Override
            public String processorNodeId() {
                return processor;
            }

            @Override
            public TaskId taskId() {
                return new TaskId(0, 3);
            }

            @Override
            public long timestamp() {
                return T0.toEpochMilli();
            }

            @Override
            public byte[] sourceRawKey() {
                return "u:alice".getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public byte[] sourceRawValue() {
                return "{}".getBytes(StandardCharsets.UTF_8);
            }
        };
    }

    private static String header(Headers headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
