package dev.lodestone.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lodestone.catalog.CatalogItem;
import dev.lodestone.catalog.CatalogTopics;
import dev.lodestone.engine.EngineConfig;
import dev.lodestone.ingest.IngestTopics;
import dev.lodestone.profile.ProfileTopics;
import dev.lodestone.profile.ShopperProfile;
import dev.lodestone.profile.streams.ProfileTopology;
import dev.lodestone.shopper.ForgetRequest;
import dev.lodestone.shopper.ShopperTopics;
import dev.lodestone.similarity.NeighbourList;
import dev.lodestone.similarity.SimilarityTopics;
import dev.lodestone.similarity.streams.SimilarityTopology;
import dev.lodestone.support.TopologyHarness;
import dev.lodestone.trending.TrendingScore;
import dev.lodestone.trending.TrendingTopics;
import dev.lodestone.trending.streams.TrendingTopology;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The profile, similarity and trending topology, driven through the production EngineTopology. */
class RecommendationTopologyTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final String PHONES = "电子产品/手机";
    private static final String CLOTHES = "服装/上衣";
    private static final int NEIGHBOURS = 5;
    private static final int CANDIDATES = 8;

    private TopologyHarness harness;
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> events;
    private TestInputTopic<String, CatalogItem> catalog;
    private TestInputTopic<String, ForgetRequest> forget;
    private TestOutputTopic<String, ShopperProfile> profiles;
    private TestOutputTopic<String, NeighbourList> neighbourLists;
    private KeyValueStore<String, ShopperProfile> profileStore;
    private KeyValueStore<String, NeighbourList> similarityStore;
    private KeyValueStore<String, TrendingScore> trendingStore;
    private EngineConfig config;
    private int eventSeq;

    @BeforeEach
    void setUp() {
        config = EngineConfig.with(Map.of(
                "lodestone.similarity.neighbours", String.valueOf(NEIGHBOURS),
                "lodestone.similarity.candidates", String.valueOf(CANDIDATES),
                "lodestone.streams.store-kind", "IN_MEMORY"));
        harness = new TopologyHarness(config);
        driver = harness.driver;
        events = harness.input(IngestTopics.SHOPPER_EVENTS);
        catalog = harness.input(CatalogTopics.CATALOG_ITEMS);
        forget = harness.input(ShopperTopics.SHOPPER_FORGET);
        profiles = harness.output(ProfileTopics.SHOPPER_PROFILES);
        neighbourLists = harness.output(SimilarityTopics.ITEM_NEIGHBOURS);
        profileStore = harness.store(ProfileTopology.STORE);
        similarityStore = harness.store(SimilarityTopology.STORE);
        trendingStore = harness.store(TrendingTopology.STORE);
    }

    @AfterEach
    void tearDown() {
        harness.close();
    }

    @Test
    void shouldHalveAnAffinityAfterOneHalfLife() {
        item("phone-1", PHONES, "品牌A", 299.0);
        item("shirt-1", CLOTHES, "品牌B", 99.0);
        event("e1", "view", "u1", "phone-1", T0);
        event("e2", "view", "u1", "shirt-1", T0.plus(Duration.ofDays(14)));

        ShopperProfile profile = profileStore.get("u:u1");
        assertEquals(0.5, profile.categories().get("电子产品"), 1e-9);
        assertEquals(0.5, profile.categories().get(PHONES), 1e-9);
        assertEquals(1.0, profile.categories().get("服装"), 1e-9);
        assertEquals(0.5, profile.brands().get("品牌A"), 1e-9);
        assertEquals(List.of("shirt-1", "phone-1"), recentIds(profile));
    }

    @Test
    void shouldBoundEveryPieceOfShopperAndItemStateOverTwoThousandEvents() {
        item("hub", PHONES, "品牌A", 100.0);
        // Far past every bound (recent items 50, pending 20, categories 40, candidates 8).
        for (int i = 0; i < 1_000; i++) {
            event("hub-" + i, "view", "heavy", "hub", T0.plusSeconds(2L * i));
            event("other-" + i, "view", "heavy", "item-" + i, T0.plusSeconds(2L * i + 1));
        }
        driver.advanceWallClockTime(Duration.ofSeconds(1));

        ShopperProfile profile = profileStore.get("u:heavy");
        int n = config.profile().recentItems();
        assertEquals(n, profile.recent().size());
        assertTrue(profile.pending().size() <= config.profile().pendingItems());
        assertTrue(profile.categories().size() <= config.profile().maxCategories());
        assertEquals(CANDIDATES, similarityStore.get("hub").neighbours().size());
        NeighbourList published = lastValue(neighbourLists.readKeyValuesToMap(), "hub");
        assertEquals(NEIGHBOURS, published.neighbours().size());
        assertTrue(similarityStore.get("item-999").neighbours().size() <= CANDIDATES);
    }

    @Test
    void shouldStampAPublishedNeighbourListWithItsNewestSignalNotThePublishTime() {
        item("phone-1", PHONES, "品牌A", 299.0);
        item("case-1", PHONES, "品牌A", 49.0);
        event("s1", "view", "u5", "phone-1", T0);
        event("s2", "view", "u5", "case-1", T0.plusSeconds(10));

        var published = neighbourLists.readRecordsToList();
        assertFalse(published.isEmpty());
        // The projection measures the freshness of neighbours from this time: the events', not the timer's.
        Set<Instant> eventTimes = Set.of(T0, T0.plusSeconds(10));
        published.forEach(record -> assertTrue(
                eventTimes.contains(record.getRecordTime()), record.key() + " at " + record.getRecordTime()));
    }

    @Test
    void shouldPublishEachTrendingScoreAsTheStoreHoldsItStampedWithItsNewestEngagement() {
        item("phone-1", PHONES, "品牌A", 299.0);
        item("case-1", PHONES, "品牌A", 49.0);
        event("t1", "view", "u6", "phone-1", T0);
        event("t2", "view", "u7", "phone-1", T0.plusSeconds(5));
        event("t3", "purchase", "u6", "case-1", T0.plusSeconds(10));
        driver.advanceWallClockTime(Duration.ofSeconds(1));

        var published = harness.output(TrendingTopics.ITEM_TRENDING).readRecordsToList();
        Map<String, TrendingScore> last = new HashMap<>();
        published.forEach(record -> {
            // Each published score is stamped with an engagement's time, not the commit's.
            assertTrue(
                    Set.of(T0, T0.plusSeconds(5), T0.plusSeconds(10)).contains(record.getRecordTime()),
                    record.key() + " at " + record.getRecordTime());
            last.put(record.key(), record.value());
        });
        // What the lists are built from is exactly what the store holds.
        assertEquals(Set.of("phone-1", "case-1"), last.keySet());
        assertEquals(trendingStore.get("phone-1"), last.get("phone-1"));
        assertEquals(trendingStore.get("case-1"), last.get("case-1"));
        assertEquals(2, last.get("phone-1").version());
    }

    @Test
    void shouldIgnoreADuplicateEventId() {
        item("phone-1", PHONES, "品牌A", 299.0);
        item("phone-2", PHONES, "品牌A", 399.0);
        event("d1", "view", "u2", "phone-1", T0);
        event("d2", "purchase", "u2", "phone-2", T0.plusSeconds(10));
        ShopperProfile once = profileStore.get("u:u2");
        NeighbourList listOnce = similarityStore.get("phone-1");
        TrendingScore trendOnce = trendingStore.get("phone-2");

        event("d2", "purchase", "u2", "phone-2", T0.plusSeconds(10));
        event("d1", "view", "u2", "phone-1", T0);

        assertEquals(once, profileStore.get("u:u2"));
        assertEquals(listOnce, similarityStore.get("phone-1"));
        assertEquals(trendOnce, trendingStore.get("phone-2"));
    }

    @Test
    void shouldReachTheSameAffinitiesWhateverTheArrivalOrder() {
        item("phone-1", PHONES, "品牌A", 299.0);
        item("shirt-1", CLOTHES, "品牌B", 99.0);
        event("o1", "purchase", "in-order", "phone-1", T0);
        event("o2", "view", "in-order", "shirt-1", T0.plus(Duration.ofHours(3)));
        event("o3", "view", "late", "shirt-1", T0.plus(Duration.ofHours(3)));
        event("o4", "purchase", "late", "phone-1", T0);

        ShopperProfile a = profileStore.get("u:in-order");
        ShopperProfile b = profileStore.get("u:late");
        assertEquals(a.asOf(), b.asOf());
        assertEquals(a.categories().keySet(), b.categories().keySet());
        a.categories().forEach((k, v) -> assertEquals(v, b.categories().get(k), 1e-9));
        assertEquals(recentIds(a), recentIds(b));
        assertEquals(
                List.of("phone-1"),
                b.purchased().stream().map(ShopperProfile.PurchasedItem::itemId).toList());
        // Direction follows occurrence time, not arrival: phone-1 came first for both shoppers.
        assertTrue(similarityStore.get("phone-1").neighbours().getFirst().next() > 0);
        assertEquals(0.0, similarityStore.get("shirt-1").neighbours().getFirst().next(), 1e-9);
    }

    @Test
    void shouldCountEventsForAnItemOnceTheCatalogKnowsIt() {
        event("c1", "purchase", "u3", "late-item", T0);
        assertTrue(profileStore.get("u:u3").categories().isEmpty());
        assertEquals(1, profileStore.get("u:u3").pending().size());

        item("late-item", PHONES, "品牌C", 199.0);
        item("phone-1", PHONES, "品牌A", 299.0);
        event("c2", "view", "u3", "phone-1", T0.plusSeconds(60));

        ShopperProfile profile = profileStore.get("u:u3");
        assertTrue(profile.pending().isEmpty());
        assertTrue(profile.brands().containsKey("品牌C"));
        assertEquals(
                8 * decayOver(Duration.ofSeconds(60)) + 1, profile.categories().get("电子产品"), 1e-6);
        assertEquals(new ShopperProfile.PriceRange(199.0, 299.0), profile.priceRange());
    }

    @Test
    void shouldForgetAShopperAndStartAfreshWithAHigherVersion() {
        item("phone-1", PHONES, "品牌A", 299.0);
        event("f1", "purchase", "u4", "phone-1", T0);
        long before = profileStore.get("u:u4").version();
        profiles.readKeyValuesToList();

        forget.pipeInput("u:u4", new ForgetRequest("u:u4", T0.plusSeconds(5)), T0.plusSeconds(5));
        assertNull(profileStore.get("u:u4"));
        var tombstone = profiles.readKeyValue();
        assertEquals("u:u4", tombstone.key);
        assertNull(tombstone.value);

        event("f2", "view", "u4", "phone-1", T0.plusSeconds(10));
        ShopperProfile fresh = profileStore.get("u:u4");
        assertTrue(fresh.purchased().isEmpty());
        assertEquals(1.0, fresh.categories().get("电子产品"), 1e-9);
        assertTrue(fresh.version() > before);
        assertTrue(fresh.version() >= T0.plusSeconds(10).toEpochMilli() * 1000);
    }

    @Test
    void shouldRecommendWhatBuyersOfAlsoBoughtFromAStoreSnapshot() {
        item("A", PHONES, "品牌A", 299.0);
        item("B", PHONES + "/配件", "品牌A", 49.0);
        item("C", CLOTHES, "品牌B", 99.0);
        for (int i = 0; i < 5; i++) {
            event("ab-a-" + i, "purchase", "buyer-" + i, "A", T0.plusSeconds(i * 100));
            event("ab-b-" + i, "purchase", "buyer-" + i, "B", T0.plusSeconds(i * 100 + 30));
        }
        event("c-1", "view", "browser", "A", T0.plusSeconds(1000));
        event("c-2", "view", "browser", "C", T0.plusSeconds(1030));
        event("new-view", "view", "newcomer", "A", T0.plusSeconds(2000));

        NeighbourList a = similarityStore.get("A");
        assertEquals("B", a.neighbours().getFirst().itemId());
        assertTrue(a.neighbours().getFirst().next() > 0);

        StoreSnapshotSource source = StoreSnapshotSource.of(driver, NEIGHBOURS, 100);
        source.refreshTrending();
        Ranker ranker = new Ranker(RankerSettings.from(config.recommend()));
        RecommendationRequest request =
                new RecommendationRequest("u:newcomer", List.of(), 10, null, null, null, Set.of(), false);
        List<RankedItem> ranked =
                ranker.rank(request, source.snapshot(request, config.recommend().recentSources()));

        assertEquals("B", ranked.getFirst().itemId());
        assertEquals("similar", ranked.getFirst().reason().type());
        assertEquals("A", ranked.getFirst().reason().because());
        assertFalse(ranked.stream().anyMatch(r -> r.itemId().equals("A")), "seen items are excluded by default");
        assertNotNull(trendingStore.get("A"));
    }

    private double decayOver(Duration d) {
        return Math.pow(2, -(double) d.toMillis() / config.profile().halfLife().toMillis());
    }

    private static List<String> recentIds(ShopperProfile profile) {
        return profile.recent().stream().map(ShopperProfile.RecentItem::itemId).toList();
    }

    private static NeighbourList lastValue(Map<String, NeighbourList> map, String key) {
        return map.get(key);
    }

    private void item(String id, String category, String brand, double price) {
        catalog.pipeInput(
                id, new CatalogItem(id, id, category, brand, price, "CNY", 10, true, List.of(), Map.of(), T0));
    }

    private void event(String eventId, String type, String userId, String itemId, Instant occurredAt) {
        String json = "{\"eventId\":\"" + eventId + "\",\"type\":\"" + type + "\",\"userId\":\"" + userId
                + "\",\"itemId\":\"" + itemId + "\",\"occurredAt\":\"" + occurredAt + "\",\"receivedAt\":\""
                + occurredAt.plusMillis(++eventSeq) + "\"}";
        events.pipeInput("u:" + userId, json.getBytes(StandardCharsets.UTF_8), occurredAt);
    }
}
