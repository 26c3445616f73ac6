package dev.lodestone.ingest.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lodestone.activity.ShopperActivity;
import dev.lodestone.activity.streams.ActivityTopology;
import dev.lodestone.engine.EngineConfig;
import dev.lodestone.ingest.IngestTopics;
import dev.lodestone.platform.kafka.streams.DeadLetterValue;
import dev.lodestone.points.LedgerEntry;
import dev.lodestone.points.PointsTopics;
import dev.lodestone.support.TopologyHarness;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The decode stage's bounds and partition check, and de-duplication per shopper. */
class ShopperEventStreamTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Map<String, String> SETTINGS = Map.of("lodestone.streams.store-kind", "IN_MEMORY");

    private TopologyHarness harness;
    private TestInputTopic<String, byte[]> events;
    private TestOutputTopic<String, byte[]> deadLetters;

    private void start(int partitions) {
        harness = new TopologyHarness(EngineConfig.with(SETTINGS), partitions);
        events = harness.input(IngestTopics.SHOPPER_EVENTS);
        deadLetters = harness.output(IngestTopics.SHOPPER_EVENTS_DLQ);
    }

    @AfterEach
    void tearDown() {
        harness.close();
    }

    @Test
    void shouldParkAnEventFromBeforeTimeAndProcessTheNextOne() {
        start(1);
        String ancient = "{\"eventId\":\"e1\",\"type\":\"view\",\"userId\":\"alice\",\"itemId\":\"i1\","
                + "\"occurredAt\":\"-300000000-01-01T00:00:00Z\",\"receivedAt\":\"" + T0 + "\"}";
        events.pipeInput("u:alice", ancient.getBytes(StandardCharsets.UTF_8), T0);
        pipe("e2", "view", "alice", "i2");

        TestRecord<String, byte[]> parked = deadLetters.readRecord();
        assertTrue(reason(parked).startsWith("occurredAt: must not be more than 30 days in the past"), reason(parked));
        assertEquals(1L, activity().get("u:alice").counts().get("view"));
        assertTrue(harness.parked.isEmpty(), "nothing reached the exception handlers");
    }

    @Test
    void shouldParkARecordWhoseReceivedAtIsFarFromItsTimestamp() {
        start(1);
        String forged = "{\"eventId\":\"e1\",\"type\":\"view\",\"userId\":\"alice\",\"itemId\":\"i1\","
                + "\"receivedAt\":\"" + T0.minusSeconds(40 * 86_400) + "\"}";
        events.pipeInput("u:alice", forged.getBytes(StandardCharsets.UTF_8), T0);

        assertEquals(
                "receivedAt: must lie within 30 days before and 300 s after the record's timestamp",
                reason(deadLetters.readRecord()));
        assertNull(activity().get("u:alice"));
    }

    @Test
    void shouldParkTheHeadOfARecordLargerThanAProducerMaySendAndProcessTheNextOne() {
        start(1);
        byte[] huge = new byte[2 * 1024 * 1024];
        java.util.Arrays.fill(huge, (byte) 'x');
        events.pipeInput("u:alice", huge, T0);
        pipe("e2", "view", "alice", "i2");

        TestRecord<String, byte[]> parked = deadLetters.readRecord();
        assertEquals(DeadLetterValue.MAX_BYTES, parked.value().length);
        Header original = parked.headers().lastHeader(DeadLetterValue.HEADER_ORIGINAL_BYTES);
        assertEquals(String.valueOf(huge.length), new String(original.value(), StandardCharsets.UTF_8));
        assertEquals(1L, activity().get("u:alice").counts().get("view"));
    }

    @Test
    void shouldGiveAPlainReasonForARecordThatIsNotJson() {
        start(1);
        events.pipeInput("u:alice", "{\"eventId\": nope".getBytes(StandardCharsets.UTF_8), T0);

        String reason = reason(deadLetters.readRecord());
        assertTrue(reason.startsWith("not JSON: "), reason);
        assertFalse(reason.contains("Exception"), reason);
        assertFalse(reason.contains("Source:"), reason);
    }

    @Test
    void shouldParkARecordThatIsNotOnThePartitionMurmur2PicksForItsKey() {
        start(4);
        // The driver puts every record on partition 0: one shopper murmur2 puts there, one it does not.
        String home = shopperOnPartition(0, true);
        String stranger = shopperOnPartition(0, false);
        pipe("e1", "view", home, "i1");
        pipe("e1", "view", stranger, "i1");

        TestRecord<String, byte[]> parked = deadLetters.readRecord();
        assertEquals("u:" + stranger, parked.key());
        assertTrue(reason(parked).startsWith("wrong partition for key (use murmur2"), reason(parked));
        assertTrue(deadLetters.isEmpty());
        assertEquals(1L, activity().get("u:" + home).counts().get("view"));
        assertNull(activity().get("u:" + stranger));
    }

    @Test
    void shouldCountTheSameEventIdOncePerShopper() {
        start(1);
        IntStream.range(0, 20).forEach(i -> pipe("order-91", "view", "shopper-" + i, "i1"));
        pipe("order-91", "view", "shopper-0", "i1");

        KeyValueStore<String, ShopperActivity> activity = activity();
        for (int i = 0; i < 20; i++) {
            assertEquals(1L, activity.get("u:shopper-" + i).counts().get("view"), "shopper-" + i);
        }
    }

    @Test
    void shouldCreditAPurchaseWhoseIdAnotherShopperPostedFirst() {
        start(1);
        TestOutputTopic<String, LedgerEntry> ledger = harness.output(PointsTopics.POINTS_LEDGER);
        pipe("order-9100", "view", "mallory", "i1");
        String purchase = "{\"eventId\":\"order-9100\",\"type\":\"purchase\",\"userId\":\"victim\",\"itemId\":\"i1\","
                + "\"price\":120,\"quantity\":1,\"currency\":\"CNY\",\"receivedAt\":\"" + T0 + "\"}";
        events.pipeInput("u:victim", purchase.getBytes(StandardCharsets.UTF_8), T0);

        List<LedgerEntry> entries = ledger.readValuesToList();
        assertEquals(1, entries.size());
        assertEquals("victim", entries.getFirst().userId());
        assertEquals(120, entries.getFirst().balanceAfter());
    }

    private static String shopperOnPartition(int partition, boolean wanted) {
        for (int i = 0; ; i++) {
            String user = "shopper-" + i;
            if ((ShopperEventStream.partitionFor("u:" + user, 4) == partition) == wanted) {
                return user;
            }
        }
    }

    private void pipe(String eventId, String type, String user, String item) {
        String json = "{\"eventId\":\"" + eventId + "\",\"type\":\"" + type + "\",\"userId\":\"" + user
                + "\",\"itemId\":\"" + item + "\",\"occurredAt\":\"" + T0 + "\",\"receivedAt\":\"" + T0 + "\"}";
        events.pipeInput("u:" + user, json.getBytes(StandardCharsets.UTF_8), T0);
    }

    private KeyValueStore<String, ShopperActivity> activity() {
        return harness.driver.getKeyValueStore(ActivityTopology.STORE);
    }

    private static String reason(TestRecord<String, byte[]> record) {
        Header header = record.headers().lastHeader(ShopperEventStream.HEADER_REASON);
        return new String(header.value(), StandardCharsets.UTF_8);
    }
}
