package dev.lodestone.points.streams;

import static dev.lodestone.points.api.PointsRequests.httpStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.lodestone.engine.EngineConfig;
import dev.lodestone.engine.EngineTopology;
import dev.lodestone.gifts.Gift;
import dev.lodestone.gifts.GiftCommand;
import dev.lodestone.gifts.GiftsTopics;
import dev.lodestone.gifts.streams.GiftTopology;
import dev.lodestone.ingest.IngestTopics;
import dev.lodestone.points.Decision;
import dev.lodestone.points.LedgerEntry;
import dev.lodestone.points.LedgerState;
import dev.lodestone.points.PointsCommand;
import dev.lodestone.points.PointsRules;
import dev.lodestone.points.PointsTopics;
import dev.lodestone.points.api.PointsRequests;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ledger and gift processors, driven through the production topology with explicit timestamps. */
class PointsTopologyTest {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static final String USER = "alice";
    private static final String KEY = "u:" + USER;

    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> events;
    private TestInputTopic<String, PointsCommand> commands;
    private TestInputTopic<String, GiftCommand> giftCommands;
    private TestInputTopic<String, PointsRules> rules;
    private TestOutputTopic<String, LedgerEntry> ledger;
    private TestOutputTopic<String, Decision> replies;

    @BeforeEach
    void setUp() {
        EngineConfig config = EngineConfig.defaults();
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "points-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, "target/points-topology-test-" + System.nanoTime());
        driver = new TopologyTestDriver(EngineTopology.build(config, EngineTopology.Hooks.NONE), props);
        events = driver.createInputTopic(
                IngestTopics.SHOPPER_EVENTS.name(),
                Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        commands = input(PointsTopics.POINTS_COMMANDS.name(), PointsTopics.POINTS_COMMANDS.valueSerde());
        giftCommands = input(GiftsTopics.GIFT_COMMANDS.name(), GiftsTopics.GIFT_COMMANDS.valueSerde());
        rules = input(PointsTopics.POINTS_RULES.name(), PointsTopics.POINTS_RULES.valueSerde());
        ledger = driver.createOutputTopic(
                PointsTopics.POINTS_LEDGER.name(),
                Serdes.String().deserializer(),
                PointsTopics.POINTS_LEDGER.valueSerde().deserializer());
        replies = driver.createOutputTopic(
                PointsTopics.POINTS_REPLIES.name(),
                Serdes.String().deserializer(),
                PointsTopics.POINTS_REPLIES.valueSerde().deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    @Test
    void shouldCreditAPurchaseOnceRoundedDown() {
        String purchase = purchase("p1", "item-1", "19.99", 3, null);
        event(purchase, T0);
        event(purchase, T0.plusSeconds(1));
        List<LedgerEntry> entries = ledger.readValuesToList();
        assertEquals(1, entries.size());
        assertEquals(59, entries.getFirst().amount());
        assertEquals(59, entries.getFirst().balanceAfter());
        assertEquals("p1", entries.getFirst().source());
    }

    @Test
    void shouldCapSharesPerDayAndResetTheNextDay() {
        for (int i = 0; i < 5; i++) {
            event(simple("s" + i, "share"), T0.plusSeconds(i));
        }
        event(simple("s-next", "share", T0.plusSeconds(86_400)), T0.plusSeconds(86_400));
        List<LedgerEntry> entries = ledger.readValuesToList();
        assertEquals(4, entries.size());
        assertEquals(20, entries.getLast().balanceAfter());
    }

    @Test
    void shouldCountBackDatedSharesOnTheDayTheEngineReceivedThem() {
        for (int i = 0; i < 11; i++) {
            Instant received = T0.plusSeconds(i);
            event(earn("s" + i, "share", "item-1", received.minusSeconds(86_400L * i), received), received);
        }
        List<LedgerEntry> entries = ledger.readValuesToList();
        assertEquals(3, entries.size());
        assertEquals(15, entries.getLast().balanceAfter());
    }

    @Test
    void shouldIgnoreACampaignThatEndedWhenAPurchaseIsBackDatedIntoIt() {
        rules.pipeInput(
                PointsTopology.RULES_KEY,
                new PointsRules(
                        BigDecimal.ONE,
                        10L,
                        5L,
                        3,
                        5,
                        0L,
                        List.of(new PointsRules.Campaign(
                                "launch",
                                BigDecimal.TEN,
                                T0.minusSeconds(20 * 86_400),
                                T0.minusSeconds(10 * 86_400),
                                null)),
                        null),
                T0);
        String backDated = purchase("p1", "item-1", "100", 1, null, T0)
                .replace("\"occurredAt\":\"" + T0, "\"occurredAt\":\"" + T0.minusSeconds(15 * 86_400));
        event(backDated, T0);
        assertEquals(
                List.of(100L),
                ledger.readValuesToList().stream().map(LedgerEntry::amount).toList());
    }

    @Test
    void shouldCreditAReviewOncePerItemAndAtMostTheDailyCap() {
        event(earn("r1", "review", "item-1", T0, T0), T0);
        event(earn("r2", "review", "item-1", T0, T0.plusSeconds(1)), T0.plusSeconds(1));
        for (int i = 2; i <= 7; i++) {
            event(earn("r" + i + "b", "review", "item-" + i, T0, T0.plusSeconds(i)), T0.plusSeconds(i));
        }
        Instant tomorrow = T0.plusSeconds(86_400);
        event(earn("r-next", "review", "item-8", tomorrow, tomorrow), tomorrow);
        event(earn("r-again", "review", "item-1", tomorrow, tomorrow), tomorrow);
        List<String> credited =
                ledger.readValuesToList().stream().map(LedgerEntry::source).toList();
        assertEquals(List.of("r1", "r2b", "r3b", "r4b", "r5b", "r-next"), credited);
    }

    @Test
    void shouldTakeBackWhatThePurchaseEarnedAndWriteOffTheShortfall() {
        rules.pipeInput(
                PointsTopology.RULES_KEY, new PointsRules(BigDecimal.ONE, 10L, 5L, 3, 5, 50L, List.of(), null), T0);
        event(purchase("p1", "item-1", "100", 1, null), T0);
        redeem("r1", 120, T0.plusSeconds(1));
        event(simple("refund-1", "refund"), T0.plusSeconds(2));
        List<LedgerEntry> entries = ledger.readValuesToList();
        assertEquals(
                List.of(100L, 50L, -120L, -30L),
                entries.stream().map(LedgerEntry::amount).toList());
        LedgerEntry refund = entries.getLast();
        assertEquals(LedgerEntry.Type.refund, refund.type());
        assertEquals(0, refund.balanceAfter());
        assertEquals(120L, refund.shortfall());
    }

    @Test
    void shouldApplyTheHighestMatchingCampaignOnlyToMatchingCategories() {
        rules.pipeInput(
                PointsTopology.RULES_KEY,
                new PointsRules(
                        BigDecimal.ONE,
                        10L,
                        5L,
                        3,
                        5,
                        0L,
                        List.of(
                                new PointsRules.Campaign(
                                        "all", new BigDecimal("1.5"), T0.minusSeconds(60), T0.plusSeconds(3600), null),
                                new PointsRules.Campaign(
                                        "shoes",
                                        new BigDecimal("3"),
                                        T0.minusSeconds(60),
                                        T0.plusSeconds(3600),
                                        "shoes")),
                        null),
                T0);
        event(purchase("p1", "i1", "10", 1, "shoes"), T0);
        event(purchase("p2", "i2", "10", 1, null), T0);
        event(purchase("p3", "i3", "10", 1, "shoes", T0.plusSeconds(7200)), T0.plusSeconds(7200));
        assertEquals(
                List.of(30L, 15L, 10L),
                ledger.readValuesToList().stream().map(LedgerEntry::amount).toList());
    }

    @Test
    void shouldDecideARedemptionOnceAndRefuseWhatTheBalanceCannotCover() {
        event(purchase("p1", "item-1", "100", 1, null), T0);
        redeem("r1", 60, T0.plusSeconds(1));
        redeem("r1", 60, T0.plusSeconds(2));
        redeem("r2", 60, T0.plusSeconds(3));
        List<Decision> decisions = replies.readValuesToList();
        assertEquals(
                List.of(201, 201, 409),
                decisions.stream().map(PointsRequests::httpStatus).toList());
        assertEquals(decisions.get(0), decisions.get(1));
        assertEquals("insufficient_points", decisions.get(2).code());
        assertEquals(2, ledger.readValuesToList().size());
        LedgerState state = driver.<String, LedgerState>getKeyValueStore(PointsTopology.LEDGER_STORE)
                .get(KEY);
        assertEquals(40, state.balance());
    }

    @Test
    void shouldConfirmAnExchangeAndIssueACouponWhenPointsSuffice() {
        event(purchase("p1", "item-1", "150", 1, null), T0);
        giftCommands.pipeInput(
                "g:mug",
                new GiftCommand(
                        GiftCommand.Type.UPSERT,
                        "mug",
                        null,
                        null,
                        new Gift("mug", "Mug", 100, 1, "coupon", null, null, 0, 0, 0, null),
                        null,
                        null,
                        null,
                        null,
                        T0),
                T0);
        giftCommands.pipeInput("g:mug", reserve("x1", USER), T0.plusSeconds(1));
        giftCommands.pipeInput("g:mug", reserve("x1", USER), T0.plusSeconds(2));
        List<Decision> decisions = replies.readValuesToList();
        assertEquals(2, decisions.size());
        assertEquals(decisions.get(0), decisions.get(1));
        assertEquals(201, httpStatus(decisions.getFirst()));
        assertEquals(50L, decisions.getFirst().balance());
        Gift mug =
                driver.<String, Gift>getKeyValueStore(GiftTopology.GIFT_STORE).get("mug");
        assertEquals(List.of(0L, 0L, 1L), List.of(mug.stock(), mug.reserved(), mug.confirmed()));
        String code = decisions.getFirst().couponCode();
        giftCommands.pipeInput("c:" + code, coupon(code, "use-1"), T0.plusSeconds(3));
        giftCommands.pipeInput("c:" + code, coupon(code, "use-2"), T0.plusSeconds(4));
        assertEquals(
                List.of(201, 409),
                replies.readValuesToList().stream()
                        .map(PointsRequests::httpStatus)
                        .toList());
    }

    private GiftCommand coupon(String code, String requestId) {
        return new GiftCommand(GiftCommand.Type.REDEEM_COUPON, null, requestId, null, null, null, code, null, null, T0);
    }

    @Test
    void shouldRefuseOthersTheLastUnitAndReleaseItWhenPointsAreShort() {
        event(purchase("p1", "item-1", "150", 1, null), T0);
        upsert("mug", 1);
        giftCommands.pipeInput("g:mug", reserve("mug", "x1", USER), T0.plusSeconds(1));
        giftCommands.pipeInput("g:mug", reserve("mug", "x2", "bob"), T0.plusSeconds(1));
        upsert("pen", 1);
        giftCommands.pipeInput("g:pen", reserve("pen", "x3", USER), T0.plusSeconds(2));
        List<Decision> decisions = replies.readValuesToList();
        assertEquals(
                List.of(201, 409, 409),
                decisions.stream().map(PointsRequests::httpStatus).toList());
        assertEquals("out_of_stock", decisions.get(1).code());
        assertEquals("insufficient_points", decisions.get(2).code());
        Gift pen =
                driver.<String, Gift>getKeyValueStore(GiftTopology.GIFT_STORE).get("pen");
        assertEquals(List.of(1L, 0L, 0L), List.of(pen.stock(), pen.reserved(), pen.confirmed()));
        assertEquals(
                50,
                driver.<String, LedgerState>getKeyValueStore(PointsTopology.LEDGER_STORE)
                        .get(KEY)
                        .balance());
        assertNull(driver.<String, LedgerState>getKeyValueStore(PointsTopology.LEDGER_STORE)
                .get("u:bob"));
    }

    private void upsert(String giftId, long stock) {
        giftCommands.pipeInput(
                "g:" + giftId,
                new GiftCommand(
                        GiftCommand.Type.UPSERT,
                        giftId,
                        null,
                        null,
                        new Gift(giftId, giftId, 100, stock, "physical", null, null, 0, 0, 0, null),
                        null,
                        null,
                        null,
                        null,
                        T0),
                T0);
    }

    private GiftCommand reserve(String exchangeId, String user) {
        return reserve("mug", exchangeId, user);
    }

    private GiftCommand reserve(String giftId, String exchangeId, String user) {
        return new GiftCommand(GiftCommand.Type.RESERVE, giftId, exchangeId, user, null, null, null, null, null, T0);
    }

    private void redeem(String requestId, long points, Instant at) {
        commands.pipeInput(
                KEY, new PointsCommand(PointsCommand.Type.REDEEM, requestId, USER, points, null, "fp", null, at), at);
    }

    private <V> TestInputTopic<String, V> input(String topic, org.apache.kafka.common.serialization.Serde<V> serde) {
        return driver.createInputTopic(topic, Serdes.String().serializer(), serde.serializer());
    }

    private void event(String json, Instant at) {
        events.pipeInput(KEY, json.getBytes(StandardCharsets.UTF_8), at);
    }

    private static String simple(String id, String type) {
        return simple(id, type, T0);
    }

    private static String simple(String id, String type, Instant occurredAt) {
        return "{\"eventId\":\"" + id + "\",\"type\":\"" + type + "\",\"userId\":\"" + USER
                + "\",\"itemId\":\"item-1\",\"occurredAt\":\"" + occurredAt + "\",\"receivedAt\":\"" + occurredAt
                + "\"}";
    }

    private static String earn(String id, String type, String item, Instant occurredAt, Instant receivedAt) {
        return "{\"eventId\":\"" + id + "\",\"type\":\"" + type + "\",\"userId\":\"" + USER + "\",\"itemId\":\"" + item
                + "\",\"occurredAt\":\"" + occurredAt + "\",\"receivedAt\":\"" + receivedAt + "\"}";
    }

    private static String purchase(String id, String item, String price, int quantity, String category) {
        return purchase(id, item, price, quantity, category, T0);
    }

    private static String purchase(String id, String item, String price, int quantity, String category, Instant at) {
        return "{\"eventId\":\"" + id + "\",\"type\":\"purchase\",\"userId\":\"" + USER + "\",\"itemId\":\"" + item
                + "\",\"price\":" + price + ",\"quantity\":" + quantity + ",\"currency\":\"CNY\""
                + (category == null ? "" : ",\"context\":{\"category\":\"" + category + "\"}")
                + ",\"occurredAt\":\"" + at + "\",\"receivedAt\":\"" + at + "\"}";
    }
}
