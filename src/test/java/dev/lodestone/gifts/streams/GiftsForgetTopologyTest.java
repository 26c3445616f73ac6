package dev.lodestone.gifts.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.lodestone.engine.EngineConfig;
import dev.lodestone.gifts.Gift;
import dev.lodestone.gifts.GiftCommand;
import dev.lodestone.gifts.GiftsTopics;
import dev.lodestone.gifts.streams.GiftProcessor.Coupon;
import dev.lodestone.gifts.streams.GiftProcessor.Exchange;
import dev.lodestone.ingest.IngestTopics;
import dev.lodestone.points.Decision;
import dev.lodestone.points.PointsTopics;
import dev.lodestone.shopper.ForgetRequest;
import dev.lodestone.shopper.ShopperTopics;
import dev.lodestone.support.TopologyHarness;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Forgetting a shopper in the gift shop: exchanges and coupons lose the shopper, stock stays right. */
class GiftsForgetTopologyTest {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static final String ALICE = "u:alice";

    private TopologyHarness harness;
    private TestInputTopic<String, byte[]> events;
    private TestInputTopic<String, GiftCommand> giftCommands;
    private TestInputTopic<String, ForgetRequest> forget;
    private TestOutputTopic<String, Decision> replies;

    @BeforeEach
    void setUp() {
        harness = new TopologyHarness(EngineConfig.with(Map.of("lodestone.streams.store-kind", "IN_MEMORY")));
        events = harness.driver.createInputTopic(
                IngestTopics.SHOPPER_EVENTS.name(),
                Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        giftCommands = harness.input(GiftsTopics.GIFT_COMMANDS);
        forget = harness.input(ShopperTopics.SHOPPER_FORGET);
        replies = harness.output(PointsTopics.POINTS_REPLIES);
    }

    @AfterEach
    void tearDown() {
        harness.close();
    }

    @Test
    void shouldAnonymiseTheShoppersExchangesAndCouponsAndForgetTheirDecisions() {
        purchase("alice", "p1", "300", T0);
        purchase("bob", "p2", "300", T0);
        upsert("mug", 3);
        reserve("mug", "x1", "alice", T0.plusSeconds(1));
        reserve("no-such-gift", "x2", "alice", T0.plusSeconds(2));
        reserve("mug", "x3", "bob", T0.plusSeconds(3));
        String code = replies.readValuesToList().stream()
                .filter(d -> "x1".equals(d.requestId()))
                .findFirst()
                .orElseThrow()
                .couponCode();
        giftCommands.pipeInput(
                GiftCommand.couponKey(code),
                new GiftCommand(GiftCommand.Type.REDEEM_COUPON, null, "use-1", null, null, null, code, null, null, T0),
                T0.plusSeconds(4));
        replies.readValuesToList();

        forget.pipeInput(ALICE, new ForgetRequest(ALICE, T0.plusSeconds(10)), T0.plusSeconds(10));

        Set<String> forgotten = new HashSet<>();
        for (TestRecord<String, Decision> r : replies.readRecordsToList()) {
            assertEquals(Decision.Outcome.FORGOTTEN, r.value().outcome(), "only decisions that name no one: " + r);
            assertNull(r.value().userId());
            assertNull(r.value().couponCode());
            forgotten.add(r.key());
        }
        assertEquals(Set.of("x1", "x2", "use-1"), forgotten);

        Exchange x1 = this.<Exchange>store(GiftTopology.EXCHANGE_STORE).get("x1");
        assertNull(x1.userId());
        assertNull(x1.decision().userId());
        assertNull(x1.decision().balance());
        assertEquals(GiftProcessor.CONFIRMED, x1.status());
        assertNull(this.<Exchange>store(GiftTopology.EXCHANGE_STORE).get("x2").userId());
        assertEquals(
                "bob",
                this.<Exchange>store(GiftTopology.EXCHANGE_STORE).get("x3").userId());
        Coupon coupon = this.<Coupon>store(GiftTopology.COUPON_STORE).get(code);
        assertNull(coupon.userId());
        assertEquals("use-1", coupon.redeemedBy(), "a used coupon stays used");
        Gift mug = this.<Gift>store(GiftTopology.GIFT_STORE).get("mug");
        assertEquals(List.of(1L, 0L, 2L), List.of(mug.stock(), mug.reserved(), mug.confirmed()));
        assertEquals(List.of(), keys(GiftTopology.SHOPPER_INDEX_STORE, ALICE + ","));
        assertFalse(keys(GiftTopology.SHOPPER_INDEX_STORE, "u:bob,").isEmpty());
    }

    @Test
    void shouldNotNameTheOwnerOfAUsedCouponToAnotherCaller() {
        purchase("alice", "p1", "300", T0);
        upsert("mug", 1);
        reserve("mug", "x1", "alice", T0.plusSeconds(1));
        String code = replies.readValuesToList().getLast().couponCode();
        for (String use : List.of("use-1", "use-2")) {
            giftCommands.pipeInput(
                    GiftCommand.couponKey(code),
                    new GiftCommand(GiftCommand.Type.REDEEM_COUPON, null, use, null, null, null, code, null, null, T0),
                    T0.plusSeconds(2));
        }
        List<Decision> decisions = replies.readValuesToList();
        assertEquals("alice", decisions.get(0).userId(), "the shop learns whose coupon it applied");
        assertEquals("coupon_used", decisions.get(1).code());
        assertNull(decisions.get(1).userId());
    }

    private void purchase(String user, String id, String price, Instant at) {
        String json = "{\"eventId\":\"" + id + "\",\"type\":\"purchase\",\"userId\":\"" + user
                + "\",\"itemId\":\"item-1\",\"price\":" + price + ",\"quantity\":1,\"occurredAt\":\"" + at
                + "\",\"receivedAt\":\"" + at + "\"}";
        events.pipeInput("u:" + user, json.getBytes(StandardCharsets.UTF_8), at);
    }

    private void upsert(String giftId, long stock) {
        giftCommands.pipeInput(
                GiftCommand.giftKey(giftId),
                new GiftCommand(
                        GiftCommand.Type.UPSERT,
                        giftId,
                        null,
                        null,
                        new Gift(giftId, giftId, 100, stock, "coupon", null, null, 0, 0, 0, null),
                        null,
                        null,
                        null,
                        null,
                        T0),
                T0);
    }

    private void reserve(String giftId, String exchangeId, String user, Instant at) {
        giftCommands.pipeInput(
                GiftCommand.giftKey(giftId),
                new GiftCommand(GiftCommand.Type.RESERVE, giftId, exchangeId, user, null, null, null, null, null, at),
                at);
    }

    private <V> KeyValueStore<String, V> store(String name) {
        KeyValueStore<String, V> store = harness.driver.getKeyValueStore(name);
        assertNotNull(store, name);
        return store;
    }

    private List<String> keys(String storeName, String prefix) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, Object> it = this.<Object>store(storeName).all()) {
            it.forEachRemaining(kv -> {
                if (kv.key.startsWith(prefix)) {
                    keys.add(kv.key);
                }
            });
        }
        return keys;
    }
}
