package dev.lodestone.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lodestone.dashboard.streams.DashboardTopology;
import dev.lodestone.engine.EngineConfig;
import dev.lodestone.experiments.RecommendationIds;
import dev.lodestone.gifts.Gift;
import dev.lodestone.gifts.GiftsTopics;
import dev.lodestone.ingest.IngestTopics;
import dev.lodestone.points.LedgerEntry;
import dev.lodestone.points.PointsTopics;
import dev.lodestone.shopper.ForgetRequest;
import dev.lodestone.shopper.ShopperTopics;
import dev.lodestone.support.TopologyHarness;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dashboard's counts, published by the production topology once per second of wall clock. */
class DashboardTopologyTest {

    private static final Instant NOW = TopologyHarness.WALL_CLOCK_START;

    private TopologyHarness harness;
    private TestInputTopic<String, byte[]> events;
    private TestInputTopic<String, ForgetRequest> forget;
    private TestOutputTopic<String, DashboardPart> parts;

    @BeforeEach
    void setUp() {
        harness = new TopologyHarness(EngineConfig.with(Map.of("lodestone.streams.store-kind", "IN_MEMORY")));
        events = harness.input(IngestTopics.SHOPPER_EVENTS);
        forget = harness.input(ShopperTopics.SHOPPER_FORGET);
        parts = harness.output(DashboardTopics.DASHBOARD_PARTS);
    }

    @AfterEach
    void tearDown() {
        harness.close();
    }

    @Test
    void shouldPublishRatesActiveShoppersFunnelAndCtrByPlacementAndVariant() {
        String rec = RecommendationIds.of("exp1", "b");
        pipe("e1", "view", "alice", null, null, NOW);
        pipe("e2", "impression", "alice", rec, "home", NOW);
        pipe("e3", "impression", "alice", rec, "home", NOW);
        pipe("e4", "click", "alice", rec, "home", NOW);
        pipe("e5", "add_to_cart", "alice", null, null, NOW);
        pipe("e6", "view", "bob", null, null, NOW);
        pipe("e7", "view", "bob", null, null, NOW);
        pipe("e8", "view", "carol", null, null, NOW.minus(Duration.ofMinutes(10)));

        DashboardPart part = nextEventsPart();
        assertEquals(10, part.rateWindowSeconds());
        assertEquals(4L, part.events().get("view"));
        assertEquals(2L, part.events().get("impression"));
        assertEquals(2L, part.activeShoppers(), "carol's event is older than 5 minutes");
        assertEquals(NOW.toString().substring(0, 10), part.day());
        assertEquals(2L, part.funnel().get("view"), "carol viewed yesterday (10 minutes before midnight)");
        assertEquals(1L, part.funnel().get("click"));
        assertEquals(1L, part.funnel().get("add_to_cart"));
        assertEquals(0L, part.funnel().get("purchase"));
        assertEquals(new DashboardPart.Feedback(2, 1), part.placements().get("home"));
        assertEquals(new DashboardPart.Feedback(2, 1), part.variants().get("exp1~b"));
    }

    @Test
    void shouldExpireActiveShoppersAndForgetThem() {
        pipe("e1", "view", "alice", null, null, NOW);
        pipe("e2", "view", "bob", null, null, NOW);
        assertEquals(2L, nextEventsPart().activeShoppers());

        forget.pipeInput("u:bob", new ForgetRequest("u:bob", NOW), NOW);
        assertEquals(1L, nextEventsPart().activeShoppers());
        assertNull(harness.store(DashboardTopology.EVENTS_STORE).get("a|u:bob"));

        harness.advanceWallClockTime(Duration.ofMinutes(6));
        DashboardPart later = lastEventsPart();
        assertEquals(0L, later.activeShoppers());
        assertTrue(later.events().isEmpty(), "no events in the last 10 seconds: " + later.events());
    }

    @Test
    void shouldPublishAnUnchangedPartOnlyAsAHeartbeat() {
        TestInputTopic<String, LedgerEntry> ledger = harness.input(PointsTopics.POINTS_LEDGER);
        ledger.pipeInput("u:a", entry(LedgerEntry.Type.earn, 50), NOW);
        harness.advanceWallClockTime(Duration.ofSeconds(1));
        assertEquals(List.of(50L), pointsIssued(), "published an interval after the change");

        for (int second = 1; second < DashboardPart.HEARTBEAT_INTERVALS; second++) {
            harness.advanceWallClockTime(Duration.ofSeconds(1));
        }
        assertEquals(List.of(), pointsIssued(), "nothing changed: no part (and no punctuation to commit)");
        harness.advanceWallClockTime(Duration.ofSeconds(1));
        assertEquals(List.of(50L), pointsIssued(), "the heartbeat, well before readers call the part stale");

        ledger.pipeInput("u:a", entry(LedgerEntry.Type.earn, 5), NOW.plusSeconds(11));
        harness.advanceWallClockTime(Duration.ofSeconds(1));
        assertEquals(List.of(55L), pointsIssued(), "a change is published within an interval again");
    }

    private List<Long> pointsIssued() {
        return parts.readKeyValuesToList().stream()
                .filter(kv -> kv.key.startsWith("points-"))
                .map(kv -> kv.value.pointsIssued())
                .toList();
    }

    @Test
    void shouldCountPointsIssuedAndRedeemedAndGiftsRunningLow() {
        TestInputTopic<String, LedgerEntry> ledger = harness.input(PointsTopics.POINTS_LEDGER);
        ledger.pipeInput("u:a", entry(LedgerEntry.Type.earn, 50), NOW);
        ledger.pipeInput("u:a", entry(LedgerEntry.Type.earn, 25), NOW);
        ledger.pipeInput("u:a", entry(LedgerEntry.Type.redeem, -30), NOW);
        TestInputTopic<String, Gift> gifts = harness.input(GiftsTopics.POINTS_GIFTS);
        gifts.pipeInput("mug", gift("mug", 3), NOW);
        gifts.pipeInput("pen", gift("pen", 500), NOW);
        gifts.pipeInput("cap", gift("cap", 8), NOW);
        gifts.pipeInput("cap", gift("cap", 80), NOW);

        harness.advanceWallClockTime(Duration.ofSeconds(1));
        Map<String, DashboardPart> latest = new TreeMap<>();
        parts.readKeyValuesToList().forEach(kv -> latest.put(kv.key, kv.value));
        DashboardPart points = latest.entrySet().stream()
                .filter(e -> e.getKey().startsWith("points-"))
                .findFirst()
                .orElseThrow()
                .getValue();
        assertEquals(75L, points.pointsIssued());
        assertEquals(30L, points.pointsRedeemed());
        DashboardPart low = latest.entrySet().stream()
                .filter(e -> e.getKey().startsWith("gifts-"))
                .findFirst()
                .orElseThrow()
                .getValue();
        assertEquals(List.of(new DashboardPart.LowStock("mug", "mug", 3)), low.lowStock());
    }

    @Test
    void shouldAddPartsUpIntoOneSnapshotAndLeaveStalePartsOut() {
        Instant now = NOW;
        DashboardPart a = DashboardPart.events(
                "events-0_0",
                now,
                10,
                Map.of("view", 30L),
                4,
                "2026-01-01",
                Map.of("view", 3L),
                Map.of("home", new DashboardPart.Feedback(10, 1)),
                Map.of());
        DashboardPart b = DashboardPart.events(
                "events-0_1",
                now,
                10,
                Map.of("view", 10L, "click", 5L),
                2,
                "2026-01-01",
                Map.of("view", 1L),
                Map.of("home", new DashboardPart.Feedback(10, 3)),
                Map.of());
        DashboardPart stale = DashboardPart.events(
                "events-0_2",
                now.minusSeconds(60),
                10,
                Map.of("view", 1000L),
                100,
                "2026-01-01",
                Map.of(),
                Map.of(),
                Map.of());
        DashboardSnapshot s = DashboardSnapshot.assemble(
                List.of(a, b, stale), now, Duration.ofSeconds(15), List.of(), DashboardSnapshot.Meters.NONE, null);
        assertEquals(2, s.parts());
        assertEquals(4.0, s.eventsPerSecond().get("view"));
        assertEquals(4.5, s.totalEventsPerSecond());
        assertEquals(6, s.activeShoppers());
        assertEquals(4L, s.funnel().get("view"));
        assertEquals(0.2, s.placements().get("home").ctr(), 1e-9);
        assertFalse(s.panels().get("chat").available());
        assertEquals("not available yet", s.panels().get("community").status());
    }

    private DashboardPart nextEventsPart() {
        harness.advanceWallClockTime(Duration.ofSeconds(1));
        return lastEventsPart();
    }

    private DashboardPart lastEventsPart() {
        DashboardPart found = null;
        for (var kv : parts.readKeyValuesToList()) {
            if (kv.key.startsWith("events-")) {
                found = kv.value;
            }
        }
        return found;
    }

    private static LedgerEntry entry(LedgerEntry.Type type, long amount) {
        return new LedgerEntry("x" + amount, "a", type, amount, 0, "r", "s" + amount, NOW, 1, null);
    }

    private static Gift gift(String id, long stock) {
        return new Gift(id, id, 10, stock, "physical", null, null, 0, 0, 1, NOW);
    }

    private void pipe(String eventId, String type, String user, String rec, String placement, Instant at) {
        String json = "{\"eventId\":\"" + eventId + "\",\"type\":\"" + type + "\",\"userId\":\"" + user
                + "\",\"itemId\":\"i1\",\"occurredAt\":\"" + at + "\",\"receivedAt\":\"" + at + "\""
                + (rec == null ? "" : ",\"recommendationId\":\"" + rec + "\"")
                + (placement == null ? "" : ",\"context\":{\"placement\":\"" + placement + "\"}") + "}";
        events.pipeInput("u:" + user, json.getBytes(StandardCharsets.UTF_8), at);
    }
}
