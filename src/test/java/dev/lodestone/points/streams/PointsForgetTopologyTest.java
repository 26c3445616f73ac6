package dev.lodestone.points.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lodestone.engine.EngineConfig;
import dev.lodestone.ingest.IngestTopics;
import dev.lodestone.points.Decision;
import dev.lodestone.points.LedgerEntry;
import dev.lodestone.points.LedgerState;
import dev.lodestone.points.PointsCommand;
import dev.lodestone.points.PointsTopics;
import dev.lodestone.shopper.ForgetRequest;
import dev.lodestone.shopper.ShopperTopics;
import dev.lodestone.support.TopologyHarness;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Forgetting a shopper in the ledger: the account is closed, their state and decisions go, they can come back. */
class PointsForgetTopologyTest {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static final String ALICE = "u:alice";
    private static final String BOB = "u:bob";

    private TopologyHarness harness;
    private TestInputTopic<String, byte[]> events;
    private TestInputTopic<String, PointsCommand> commands;
    private TestInputTopic<String, ForgetRequest> forget;
    private TestOutputTopic<String, LedgerEntry> ledger;
    private TestOutputTopic<String, Decision> replies;

    @BeforeEach
    void setUp() {
        harness = new TopologyHarness(EngineConfig.with(Map.of("lodestone.streams.store-kind", "IN_MEMORY")));
        events = harness.driver.createInputTopic(
                IngestTopics.SHOPPER_EVENTS.name(),
                Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        commands = harness.input(PointsTopics.POINTS_COMMANDS);
        forget = harness.input(ShopperTopics.SHOPPER_FORGET);
        ledger = harness.output(PointsTopics.POINTS_LEDGER);
        replies = harness.output(PointsTopics.POINTS_REPLIES);
    }

    @AfterEach
    void tearDown() {
        harness.close();
    }

    @Test
    void shouldCloseTheAccountAndDeleteTheShoppersStateAndDecisions() {
        event("alice", "p1", "purchase", "item-1", "150", T0);
        event("alice", "v1", "review", "item-2", null, T0.plusSeconds(1));
        event("bob", "p2", "purchase", "item-1", "80", T0.plusSeconds(2));
        redeem("alice", "rdm-1", 40, T0.plusSeconds(3));
        ledger.readValuesToList();
        replies.readValuesToList();

        forget.pipeInput(ALICE, new ForgetRequest(ALICE, T0.plusSeconds(10)), T0.plusSeconds(10));

        LedgerEntry closing = ledger.readValue();
        assertEquals(LedgerEntry.Type.forgotten, closing.type());
        assertEquals(-120, closing.amount(), "the balance left: 150 + 10 - 40");
        assertEquals(0, closing.balanceAfter());
        assertEquals(4, closing.version());
        assertTrue(ledger.isEmpty());
        TestRecord<String, Decision> replaced = replies.readRecord();
        assertEquals("rdm-1", replaced.key());
        assertEquals(Decision.Outcome.FORGOTTEN, replaced.value().outcome());
        assertNull(replaced.value().userId(), "the decision that replaces it names no one");
        assertNull(replaced.value().balance());

        assertNull(store(PointsTopology.LEDGER_STORE).get(ALICE));
        assertNull(store(PointsTopology.REQUEST_STORE).get("rdm-1"));
        for (String name : List.of(
                PointsTopology.PURCHASE_STORE, PointsTopology.REVIEW_STORE, PointsTopology.REQUEST_INDEX_STORE)) {
            assertEquals(List.of(), keysStartingWith(name, ALICE + ","), name);
        }
        assertEquals(
                80,
                this.<LedgerState>store(PointsTopology.LEDGER_STORE).get(BOB).balance(),
                "others keep theirs");
        assertEquals(
                1, keysStartingWith(PointsTopology.PURCHASE_STORE, BOB + ",").size());
    }

    @Test
    void shouldOpenANewAccountWhenAForgottenShopperComesBack() {
        event("alice", "p1", "purchase", "item-1", "150", T0);
        forget.pipeInput(ALICE, new ForgetRequest(ALICE, T0.plusSeconds(10)), T0.plusSeconds(10));
        ledger.readValuesToList();

        event("alice", "p1", "purchase", "item-1", "150", T0.plusSeconds(20));
        event("alice", "p3", "purchase", "item-3", "30", T0.plusSeconds(21));

        List<LedgerEntry> entries = ledger.readValuesToList();
        assertEquals(1, entries.size(), "a re-sent event is still recognised: " + entries);
        assertEquals(1, entries.getFirst().version());
        assertEquals(30, entries.getFirst().balanceAfter());
        assertEquals("p3", entries.getFirst().source());
    }

    @Test
    void shouldWriteNoEntryForAShopperWithoutAnAccountOrASessionShopper() {
        forget.pipeInput(ALICE, new ForgetRequest(ALICE, T0), T0);
        forget.pipeInput("s:session-1", new ForgetRequest("s:session-1", T0), T0);

        assertTrue(ledger.isEmpty());
        assertTrue(replies.isEmpty());
    }

    private void event(String user, String id, String type, String item, String price, Instant at) {
        String json = "{\"eventId\":\"" + id + "\",\"type\":\"" + type + "\",\"userId\":\"" + user
                + "\",\"itemId\":\"" + item + "\"" + (price == null ? "" : ",\"price\":" + price + ",\"quantity\":1")
                + ",\"occurredAt\":\"" + at + "\",\"receivedAt\":\"" + at + "\"}";
        events.pipeInput("u:" + user, json.getBytes(StandardCharsets.UTF_8), at);
    }

    private void redeem(String user, String requestId, long points, Instant at) {
        commands.pipeInput(
                "u:" + user,
                new PointsCommand(PointsCommand.Type.REDEEM, requestId, user, points, null, "fp", null, at),
                at);
    }

    private <V> KeyValueStore<String, V> store(String name) {
        KeyValueStore<String, V> store = harness.driver.getKeyValueStore(name);
        assertNotNull(store, name);
        return store;
    }

    private List<String> keysStartingWith(String storeName, String prefix) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, Object> it = this.<Object>store(storeName).all()) {
            it.forEachRemaining((KeyValue<String, Object> kv) -> {
                if (kv.key.startsWith(prefix)) {
                    keys.add(kv.key);
                }
            });
        }
        return keys;
    }
}
