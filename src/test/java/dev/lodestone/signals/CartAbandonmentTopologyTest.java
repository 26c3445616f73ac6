package dev.lodestone.signals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lodestone.engine.EngineConfig;
import dev.lodestone.ingest.IngestTopics;
import dev.lodestone.shopper.ForgetRequest;
import dev.lodestone.shopper.ShopperTopics;
import dev.lodestone.signals.streams.SignalsTopology;
import dev.lodestone.support.TopologyHarness;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Cart abandonment on the production topology, with the driver's wall clock moved by hand. */
class CartAbandonmentTopologyTest {

    private static final String ALICE = "u:alice";

    private TopologyHarness harness;
    private TestInputTopic<String, byte[]> events;
    private TestInputTopic<String, ForgetRequest> forget;
    private TestOutputTopic<String, CartAbandoned> abandoned;
    private TestOutputTopic<String, CartRecovered> recovered;
    private Instant now;
    private int eventIds;

    @BeforeEach
    void setUp() {
        harness = new TopologyHarness(EngineConfig.with(Map.of(
                "lodestone.streams.store-kind", "IN_MEMORY",
                "lodestone.signals.cart-abandonment.idle", "PT1H,PT24H")));
        events = harness.input(IngestTopics.SHOPPER_EVENTS);
        forget = harness.input(ShopperTopics.SHOPPER_FORGET);
        abandoned = harness.output(SignalsTopics.CART_ABANDONED);
        recovered = harness.output(SignalsTopics.CART_RECOVERED);
        now = TopologyHarness.WALL_CLOCK_START;
    }

    @AfterEach
    void tearDown() {
        harness.close();
    }

    @Test
    void shouldFireEachStageOnceAndNotBeforeItsThreshold() {
        pipe("add_to_cart", "alice", "i1", 2, "10.50");
        pipe("add_to_cart", "alice", "i2", 1, "4.00");

        advance(Duration.ofMinutes(59));
        assertTrue(abandoned.isEmpty(), "not before the first threshold");

        advance(Duration.ofMinutes(2));
        List<CartAbandoned> first = abandoned.readValuesToList();
        assertEquals(1, first.size());
        CartAbandoned stage1 = first.getFirst();
        assertEquals(ALICE, stage1.shopperKey());
        assertEquals("alice", stage1.userId());
        assertEquals(1, stage1.stage());
        assertEquals(Duration.ofHours(1), stage1.idle());
        assertEquals(0, new BigDecimal("25.00").compareTo(stage1.value()));
        assertEquals(2, stage1.items().size());
        assertEquals(TopologyHarness.WALL_CLOCK_START, stage1.lastActivity());

        advance(Duration.ofHours(2));
        assertTrue(abandoned.isEmpty(), "a stage fires once");

        advance(Duration.ofHours(22));
        List<CartAbandoned> second = abandoned.readValuesToList();
        assertEquals(1, second.size());
        assertEquals(2, second.getFirst().stage());

        advance(Duration.ofDays(3));
        assertTrue(abandoned.isEmpty(), "no stage after the last");
        assertEquals(1L, carts().count("abandoned"));
        assertEquals(1L, carts(second.getFirst().at()).count("abandoned.stage2"), "counted on the day it fired");
    }

    @Test
    void shouldRestartTheIdleClockOnEveryCartActivity() {
        pipe("add_to_cart", "alice", "i1", 1, "5");
        advance(Duration.ofMinutes(50));
        pipe("add_to_cart", "alice", "i2", 1, "5");
        advance(Duration.ofMinutes(50));
        assertTrue(abandoned.isEmpty());
        advance(Duration.ofMinutes(11));
        assertEquals(1, abandoned.readValuesToList().size());
    }

    @Test
    void shouldNotFireWhileTheShoppersLaterEventsAreStillBeingRead() {
        // A backlog (a restart, a lagging engine): the add was received two hours ago, its purchase ten minutes later.
        Instant received = now.minus(Duration.ofHours(2));
        pipeReceived("add_to_cart", "alice", "i1", received);
        advance(Duration.ofSeconds(1));
        assertTrue(abandoned.isEmpty(), "while events are being read, idle time runs on their intake time");
        pipeReceived("purchase", "alice", "i1", received.plus(Duration.ofMinutes(10)));
        advance(Duration.ofHours(3));
        assertTrue(abandoned.isEmpty(), "bought within the threshold");
    }

    @Test
    void shouldFireABackloggedIdleCartOnceTheInputIsQuiet() {
        Instant received = now.minus(Duration.ofHours(2));
        pipeReceived("add_to_cart", "alice", "i1", received);
        advance(Duration.ofSeconds(1));
        assertTrue(abandoned.isEmpty());
        advance(Duration.ofSeconds(5));
        CartAbandoned stage1 = abandoned.readValue();
        assertEquals(received, stage1.lastActivity());
        assertEquals(1, stage1.stage());
        assertTrue(abandoned.isEmpty(), "idle for two hours: the first stage only, the second comes at 24 h");
    }

    @Test
    void shouldNotFireForACartBoughtBeforeTheThreshold() {
        pipe("add_to_cart", "alice", "i1", 1, "5");
        pipe("add_to_cart", "alice", "i2", 3, "2");
        advance(Duration.ofMinutes(30));
        pipe("purchase", "alice", "i1", 1, "5");
        pipe("purchase", "alice", "i2", 3, "2");

        advance(Duration.ofDays(2));
        assertTrue(abandoned.isEmpty());
        assertTrue(recovered.isEmpty(), "bought before it was abandoned: nothing to recover");
        assertNull(harness.<String, Cart>store(SignalsTopology.CART_STORE).get(ALICE));
    }

    @Test
    void shouldCancelTheAbandonmentWhenEveryItemIsRemoved() {
        pipe("add_to_cart", "alice", "i1", 2, "5");
        pipe("remove_from_cart", "alice", "i1", 1, null);
        advance(Duration.ofMinutes(10));
        pipe("remove_from_cart", "alice", "i1", null, null);

        advance(Duration.ofDays(2));
        assertTrue(abandoned.isEmpty());
        assertNull(harness.<String, Cart>store(SignalsTopology.CART_STORE).get(ALICE));
    }

    @Test
    void shouldAttributeAPurchaseAfterAnAbandonmentAsRecovered() {
        pipe("add_to_cart", "alice", "i1", 1, "30");
        pipe("add_to_cart", "alice", "i2", 2, "10");
        advance(Duration.ofMinutes(61));
        assertEquals(1, abandoned.readValuesToList().size());

        pipe("purchase", "alice", "i1", 1, "30");
        pipe("purchase", "alice", "i2", 2, "10");
        List<CartRecovered> back = recovered.readValuesToList();
        assertEquals(2, back.size());
        assertTrue(back.get(0).first());
        assertFalse(back.get(1).first(), "one abandonment is recovered once");
        assertEquals(0, new BigDecimal("30").compareTo(back.get(0).value()));

        DailyCounts carts = carts();
        assertEquals(1L, carts.count("abandoned"));
        assertEquals(0, new BigDecimal("50").compareTo(carts.amount("abandoned")));
        assertEquals(1L, carts.count("recovered"));
        assertEquals(0, new BigDecimal("50").compareTo(carts.amount("recovered.value")));

        advance(Duration.ofDays(2));
        assertTrue(abandoned.isEmpty(), "a bought cart is gone");
    }

    @Test
    void shouldForgetTheShoppersCart() {
        pipe("add_to_cart", "alice", "i1", 1, "30");
        forget.pipeInput(ALICE, new ForgetRequest(ALICE, now), now);
        assertNull(harness.<String, Cart>store(SignalsTopology.CART_STORE).get(ALICE));
        assertFalse(harness.<String, String>store(SignalsTopology.CART_DUE_STORE)
                .all()
                .hasNext());

        advance(Duration.ofDays(2));
        assertTrue(abandoned.isEmpty());
    }

    @Test
    void shouldTrackEachShoppersCartApart() {
        pipe("add_to_cart", "alice", "i1", 1, "30");
        advance(Duration.ofMinutes(30));
        pipe("add_to_cart", "bob", "i1", 1, "30");
        advance(Duration.ofMinutes(31));
        assertEquals(
                List.of(ALICE),
                abandoned.readKeyValuesToList().stream().map(kv -> kv.key).toList());
        advance(Duration.ofMinutes(30));
        assertEquals(
                List.of("u:bob"),
                abandoned.readKeyValuesToList().stream().map(kv -> kv.key).toList());
    }

    private DailyCounts carts() {
        return carts(TopologyHarness.WALL_CLOCK_START);
    }

    private DailyCounts carts(Instant day) {
        return harness.<String, DailyCounts>store(SignalsTopology.DAILY_STORE)
                .get("carts|all|" + day.toString().substring(0, 10));
    }

    private void advance(Duration by) {
        now = now.plus(by);
        harness.advanceWallClockTime(by);
    }

    private void pipeReceived(String type, String user, String item, Instant received) {
        String json = "{\"eventId\":\"e" + (++eventIds) + "\",\"type\":\"" + type + "\",\"userId\":\"" + user
                + "\",\"itemId\":\"" + item + "\",\"occurredAt\":\"" + received + "\",\"receivedAt\":\"" + received
                + "\"}";
        events.pipeInput("u:" + user, json.getBytes(StandardCharsets.UTF_8), received);
    }

    private void pipe(String type, String user, String item, Integer quantity, String price) {
        String json = "{\"eventId\":\"e" + (++eventIds) + "\",\"type\":\"" + type + "\",\"userId\":\"" + user
                + "\",\"itemId\":\"" + item + "\""
                + (quantity == null ? "" : ",\"quantity\":" + quantity)
                + (price == null ? "" : ",\"price\":" + price + ",\"currency\":\"CNY\"")
                + ",\"occurredAt\":\"" + now + "\",\"receivedAt\":\"" + now + "\"}";
        events.pipeInput("u:" + user, json.getBytes(StandardCharsets.UTF_8), now);
    }
}
