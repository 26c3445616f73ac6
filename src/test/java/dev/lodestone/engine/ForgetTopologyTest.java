package dev.lodestone.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.lodestone.gifts.Gift;
import dev.lodestone.gifts.GiftCommand;
import dev.lodestone.gifts.GiftsTopics;
import dev.lodestone.gifts.streams.GiftTopology;
import dev.lodestone.ingest.IngestTopics;
import dev.lodestone.ingest.streams.ShopperEventStream;
import dev.lodestone.platform.kafka.JsonSerde;
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
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Forgetting across the whole topology: after a shopper with activity, a profile, points, a redemption,
 * an exchange and a used coupon is forgotten, no state store names them, but for the de-duplication
 * store, which keeps {@code <shopperKey>,<eventId>} for its retention (docs/privacy.md).
 */
class ForgetTopologyTest {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static final String USER = "ann-forget-7f3c";
    private static final String KEY = "u:" + USER;

    private TopologyHarness harness;

    @BeforeEach
    void setUp() {
        harness = new TopologyHarness(EngineConfig.with(Map.of("lodestone.streams.store-kind", "IN_MEMORY")));
    }

    @AfterEach
    void tearDown() {
        harness.close();
    }

    @Test
    void shouldLeaveNoStateNamingTheShopperButTheDedupeMarks() throws Exception {
        TestInputTopic<String, byte[]> events = harness.driver.createInputTopic(
                IngestTopics.SHOPPER_EVENTS.name(),
                Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        TestInputTopic<String, GiftCommand> gifts = harness.input(GiftsTopics.GIFT_COMMANDS);
        event(events, "e1", "view", "item-1", null, T0);
        event(events, "e2", "add_to_cart", "item-1", null, T0.plusSeconds(1));
        event(events, "e3", "purchase", "item-1", "500", T0.plusSeconds(2));
        event(events, "e4", "review", "item-1", null, T0.plusSeconds(3));
        harness.input(PointsTopics.POINTS_COMMANDS)
                .pipeInput(
                        KEY,
                        new PointsCommand(PointsCommand.Type.REDEEM, "rdm-a", USER, 50, "gift card", "fp", null, T0),
                        T0.plusSeconds(4));
        gifts.pipeInput(
                GiftCommand.giftKey("mug"),
                new GiftCommand(
                        GiftCommand.Type.UPSERT,
                        "mug",
                        null,
                        null,
                        new Gift("mug", "Mug", 100, 5, "coupon", null, null, 0, 0, 0, null),
                        null,
                        null,
                        null,
                        null,
                        T0),
                T0);
        gifts.pipeInput(
                GiftCommand.giftKey("mug"),
                new GiftCommand(GiftCommand.Type.RESERVE, "mug", "exc-a", USER, null, null, null, null, "fp", T0),
                T0.plusSeconds(5));
        String code;
        try (KeyValueIterator<String, Object> coupons = harness.driver
                .<String, Object>getKeyValueStore(GiftTopology.COUPON_STORE)
                .all()) {
            code = coupons.next().key;
        }
        gifts.pipeInput(
                GiftCommand.couponKey(code),
                new GiftCommand(GiftCommand.Type.REDEEM_COUPON, null, "cpr-a", null, null, null, code, null, null, T0),
                T0.plusSeconds(6));
        assertFalse(mentions().isEmpty(), "the shopper is in the stores before the forget");

        harness.input(ShopperTopics.SHOPPER_FORGET)
                .pipeInput(KEY, new ForgetRequest(KEY, T0.plusSeconds(10)), T0.plusSeconds(10));

        assertEquals(List.of(), mentions());
    }

    /** Every entry of every store whose key or value names the shopper, as {@code store: key = value}. */
    private List<String> mentions() throws JsonProcessingException {
        List<String> found = new ArrayList<>();
        for (Map.Entry<String, StateStore> named :
                harness.driver.getAllStateStores().entrySet()) {
            String name = named.getKey();
            if (name.equals(ShopperEventStream.DEDUPE_STORE)) {
                continue;
            }
            List<KeyValue<String, Object>> entries = new ArrayList<>();
            if (named.getValue() instanceof WindowStore<?, ?>) {
                WindowStore<Object, Object> store = harness.driver.getWindowStore(name);
                try (var it = store.all()) {
                    it.forEachRemaining(kv -> entries.add(KeyValue.pair(String.valueOf(kv.key.key()), kv.value)));
                }
            } else {
                KeyValueStore<Object, Object> store = harness.driver.getKeyValueStore(name);
                try (KeyValueIterator<Object, Object> it = store.all()) {
                    it.forEachRemaining(kv -> entries.add(KeyValue.pair(String.valueOf(kv.key), kv.value)));
                }
            }
            for (KeyValue<String, Object> kv : entries) {
                String value = JsonSerde.MAPPER.writeValueAsString(kv.value);
                if (kv.key.contains(USER) || value.contains(USER)) {
                    found.add(name + ": " + kv.key + " = " + value);
                }
            }
        }
        return found;
    }

    private static void event(
            TestInputTopic<String, byte[]> events, String id, String type, String item, String price, Instant at) {
        String json = "{\"eventId\":\"" + id + "\",\"type\":\"" + type + "\",\"userId\":\"" + USER
                + "\",\"itemId\":\"" + item + "\"" + (price == null ? "" : ",\"price\":" + price + ",\"quantity\":1")
                + ",\"occurredAt\":\"" + at + "\",\"receivedAt\":\"" + at + "\"}";
        events.pipeInput(KEY, json.getBytes(StandardCharsets.UTF_8), at);
    }
}
