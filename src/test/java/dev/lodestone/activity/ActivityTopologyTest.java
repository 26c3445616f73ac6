package dev.lodestone.activity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lodestone.activity.streams.ActivityTopology;
import dev.lodestone.engine.EngineConfig;
import dev.lodestone.ingest.IngestTopics;
import dev.lodestone.ingest.streams.ShopperEventStream;
import dev.lodestone.shopper.ForgetRequest;
import dev.lodestone.shopper.ShopperTopics;
import dev.lodestone.support.TopologyHarness;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The front of the topology (decode, dead letters, de-duplication) and the activity aggregate. */
class ActivityTopologyTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final String ALICE = "u:alice";

    private TopologyHarness harness;
    private TestInputTopic<String, byte[]> events;
    private TestOutputTopic<String, ShopperActivity> activity;
    private TestOutputTopic<String, byte[]> deadLetters;
    private TestInputTopic<String, ForgetRequest> forget;

    @BeforeEach
    void setUp() {
        harness = new TopologyHarness(EngineConfig.with(
                Map.of("lodestone.activity.recent-items", "3", "lodestone.streams.store-kind", "IN_MEMORY")));
        events = harness.input(IngestTopics.SHOPPER_EVENTS);
        activity = harness.output(ActivityTopics.SHOPPER_ACTIVITY);
        deadLetters = harness.output(IngestTopics.SHOPPER_EVENTS_DLQ);
        forget = harness.input(ShopperTopics.SHOPPER_FORGET);
    }

    @AfterEach
    void tearDown() {
        harness.close();
    }

    @Test
    void shouldCountEventsPerTypeAndTrackFirstAndLastSeen() {
        pipe("e1", "view", "alice", "i1", T0);
        pipe("e2", "add_to_cart", "alice", "i1", T0.plusSeconds(5));
        pipe("e3", "view", "alice", "i2", T0.plusSeconds(10));

        ShopperActivity latest = lastActivity();
        assertEquals(Map.of("view", 2L, "add_to_cart", 1L), latest.counts());
        assertEquals(T0, latest.firstSeen());
        assertEquals(T0.plusSeconds(10), latest.lastSeen());
        assertEquals(List.of("i2", "i1"), itemIds(latest));
        assertEquals(3, latest.version());
    }

    @Test
    void shouldDropADuplicateEventId() {
        pipe("e1", "view", "alice", "i1", T0);
        pipe("e1", "view", "alice", "i1", T0);
        pipe("e1", "view", "alice", "i1", T0.plusSeconds(60));

        assertEquals(1, activity.readValuesToList().size());
        assertEquals(1L, store().get(ALICE).counts().get("view"));
    }

    @Test
    void shouldKeepOnlyTheConfiguredNumberOfRecentItemsNewestFirst() {
        // Every item twice: the list stays at three, the newest first, however many events came.
        for (int i = 0; i < 1_000; i++) {
            pipe("e" + i, "view", "alice", "i" + (i % 500), T0.plusSeconds(i));
        }
        ShopperActivity latest = store().get(ALICE);
        assertEquals(List.of("i499", "i498", "i497"), itemIds(latest));
        assertEquals(1_000L, latest.counts().get("view"));
    }

    @Test
    void shouldPlaceALateEventAtItsOwnTime() {
        pipe("e1", "view", "alice", "i1", T0.plusSeconds(100));
        pipe("e2", "view", "alice", "i2", T0.plusSeconds(200));
        pipe("e3", "view", "alice", "i3", T0);

        ShopperActivity latest = store().get(ALICE);
        assertEquals(List.of("i2", "i1", "i3"), itemIds(latest));
        assertEquals(T0, latest.firstSeen());
        assertEquals(T0.plusSeconds(200), latest.lastSeen());
    }

    @Test
    void shouldSendGarbageToTheDeadLetterTopicWithItsReasonAndKeepGoing() {
        events.pipeInput("u:alice", "{not json".getBytes(StandardCharsets.UTF_8));
        events.pipeInput("u:alice", json("e1", "teleport", "alice", "i1", T0));
        pipe("e2", "view", "alice", "i1", T0);

        List<TestRecord<String, byte[]>> dead = deadLetters.readRecordsToList();
        assertEquals(2, dead.size());
        assertTrue(reason(dead.get(0)).startsWith("not JSON"), reason(dead.get(0)));
        assertTrue(reason(dead.get(1)).contains("type: must be one of"), reason(dead.get(1)));
        assertEquals("shopper-events", header(dead.get(0), ShopperEventStream.HEADER_TOPIC));
        assertEquals(2, harness.deadLetters.get());
        assertEquals(1L, store().get(ALICE).counts().get("view"));
    }

    @Test
    void shouldRejectARecordWhoseKeyIsNotItsShopper() {
        events.pipeInput("u:bob", json("e1", "view", "alice", "i1", T0), T0);

        assertTrue(reason(deadLetters.readRecord()).contains("key must be the shopper key"));
        assertNull(store().get(ALICE));
    }

    @Test
    void shouldForgetAShopperWithATombstoneAndStartAfreshOnTheirNextEvent() {
        pipe("e1", "view", "alice", "i1", T0);
        pipe("e2", "add_to_cart", "alice", "i2", T0.plusSeconds(5));
        pipe("e3", "view", "bob", "i1", T0.plusSeconds(6));
        activity.readValuesToList();

        forget.pipeInput(ALICE, new ForgetRequest(ALICE, T0.plusSeconds(10)), T0.plusSeconds(10));

        assertNull(store().get(ALICE));
        TestRecord<String, ShopperActivity> tombstone = activity.readRecord();
        assertEquals(ALICE, tombstone.key());
        assertNull(tombstone.value(), "a tombstone on the compacted topic");
        assertTrue(activity.isEmpty());
        assertEquals(1L, store().get("u:bob").counts().get("view"), "other shoppers are kept");

        pipe("e4", "view", "alice", "i3", T0.plusSeconds(20));
        ShopperActivity fresh = store().get(ALICE);
        assertEquals(Map.of("view", 1L), fresh.counts());
        assertEquals(List.of("i3"), itemIds(fresh));
        assertEquals(T0.plusSeconds(20), fresh.firstSeen());
        assertEquals(1, fresh.version());
    }

    private void pipe(String eventId, String type, String user, String item, Instant at) {
        events.pipeInput("u:" + user, json(eventId, type, user, item, at), at);
    }

    private static byte[] json(String eventId, String type, String user, String item, Instant at) {
        return ("{\"eventId\":\"" + eventId + "\",\"type\":\"" + type + "\",\"userId\":\"" + user
                        + "\",\"itemId\":\"" + item + "\",\"occurredAt\":\"" + at + "\",\"receivedAt\":\"" + at
                        + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private ShopperActivity lastActivity() {
        List<ShopperActivity> values = activity.readValuesToList();
        return values.getLast();
    }

    private KeyValueStore<String, ShopperActivity> store() {
        return harness.driver.getKeyValueStore(ActivityTopology.STORE);
    }

    private static List<String> itemIds(ShopperActivity activity) {
        return activity.recentItems().stream()
                .map(ShopperActivity.RecentItem::itemId)
                .toList();
    }

    private static String reason(TestRecord<String, byte[]> record) {
        return header(record, ShopperEventStream.HEADER_REASON);
    }

    private static String header(TestRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
