package dev.lodestone.gifts;

import static dev.lodestone.points.api.PointsRequests.httpStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lodestone.engine.EngineConfig;
import dev.lodestone.engine.EngineTopology;
import dev.lodestone.ingest.IngestTopics;
import dev.lodestone.points.Decision;
import dev.lodestone.points.PointsTopics;
import dev.lodestone.points.RequestIds;
import dev.lodestone.support.TopologyHarness;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;

/** Coupon codes are keyed with the server secret: stable for one engine, unguessable for anyone else. */
class CouponCodesTest {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static final String USER = "alice";
    private static final String IDEMPOTENCY_KEY = "order-77";
    private static final byte[] SECRET_A = "first engine's secret, 32 bytes!".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SECRET_B = "another engine's secret, 32 byte".getBytes(StandardCharsets.UTF_8);

    @Test
    void shouldIssueTheSameCodeForTheSameExchangeUnderOneSecret() {
        String exchangeId = RequestIds.exchange(USER, IDEMPOTENCY_KEY);
        String code = new CouponCodes(SECRET_A).code(exchangeId);
        assertEquals(code, new CouponCodes(SECRET_A.clone()).code(exchangeId));
        assertTrue(code.matches("LC-[0-9A-F]{16}"), code);
    }

    @Test
    void shouldNotBeComputableFromTheUserIdAndKeyWithoutTheSecret() throws Exception {
        // Everything a shopper knows: their id and the key they chose give the exchange id.
        String exchangeId = RequestIds.exchange(USER, IDEMPOTENCY_KEY);
        String unkeyed = "LC-"
                + HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256")
                                .digest(("coupon-code\n" + exchangeId).getBytes(StandardCharsets.UTF_8)))
                        .substring(0, 16)
                        .toUpperCase();
        String code = new CouponCodes(SECRET_A).code(exchangeId);
        assertNotEquals(unkeyed, code);
        assertNotEquals(code, new CouponCodes(SECRET_B).code(exchangeId));
    }

    @Test
    void shouldIssueOneCodePerExchangeInTheTopologyAndAnotherUnderAnotherSecret() {
        String first = confirmedCoupon(new CouponCodes(SECRET_A));
        String replayed = confirmedCoupon(new CouponCodes(SECRET_A));
        String otherEngine = confirmedCoupon(new CouponCodes(SECRET_B));
        assertEquals(first, replayed, "the same request on an engine with the same secret");
        assertNotEquals(first, otherEngine, "engines with different secrets");
        assertEquals(new CouponCodes(SECRET_A).code(RequestIds.exchange(USER, IDEMPOTENCY_KEY)), first);
    }

    @Test
    void shouldRefuseAShortSecret() {
        assertThrows(IllegalArgumentException.class, () -> new CouponCodes(new byte[8]));
    }

    /** Runs purchase → gift → exchange through a fresh topology and returns the coupon it issued. */
    private static String confirmedCoupon(CouponCodes codes) {
        EngineConfig config = EngineConfig.defaults();
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "coupon-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
        try {
            props.put(StreamsConfig.STATE_DIR_CONFIG, TopologyHarness.tempDir().toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        try (TopologyTestDriver driver =
                new TopologyTestDriver(EngineTopology.build(config, codes, EngineTopology.Hooks.NONE, 1), props)) {
            driver.createInputTopic(
                            IngestTopics.SHOPPER_EVENTS.name(),
                            Serdes.String().serializer(),
                            Serdes.ByteArray().serializer())
                    .pipeInput(
                            "u:" + USER,
                            ("{\"eventId\":\"p1\",\"type\":\"purchase\",\"userId\":\"" + USER
                                            + "\",\"itemId\":\"item-1\",\"price\":150,\"quantity\":1,\"currency\":\"CNY\","
                                            + "\"receivedAt\":\"" + T0 + "\"}")
                                    .getBytes(StandardCharsets.UTF_8),
                            T0);
            var gifts = driver.createInputTopic(
                    GiftsTopics.GIFT_COMMANDS.name(),
                    GiftsTopics.GIFT_COMMANDS.keySerde().serializer(),
                    GiftsTopics.GIFT_COMMANDS.valueSerde().serializer());
            Gift mug = new Gift("mug", "Mug", 100, 1, "coupon", null, null, 0, 0, 0, null);
            gifts.pipeInput(
                    "g:mug",
                    new GiftCommand(GiftCommand.Type.UPSERT, "mug", null, null, mug, null, null, null, null, T0),
                    T0);
            String exchangeId = RequestIds.exchange(USER, IDEMPOTENCY_KEY);
            gifts.pipeInput(
                    "g:mug",
                    new GiftCommand(
                            GiftCommand.Type.RESERVE, "mug", exchangeId, USER, null, null, null, null, null, T0),
                    T0.plusSeconds(1));
            TestOutputTopic<String, Decision> replies = driver.createOutputTopic(
                    PointsTopics.POINTS_REPLIES.name(),
                    Serdes.String().deserializer(),
                    PointsTopics.POINTS_REPLIES.valueSerde().deserializer());
            List<Decision> decisions = replies.readValuesToList();
            assertEquals(1, decisions.size(), decisions.toString());
            assertEquals(201, httpStatus(decisions.getFirst()), decisions.toString());
            return decisions.getFirst().couponCode();
        }
    }
}
