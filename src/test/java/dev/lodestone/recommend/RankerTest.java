package dev.lodestone.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lodestone.catalog.CatalogItem;
import dev.lodestone.profile.ShopperProfile;
import dev.lodestone.recommend.RecommendationSnapshot.TrendingEntry;
import dev.lodestone.similarity.NeighbourList;
import dev.lodestone.similarity.NeighbourList.Neighbour;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The pure ranker on hand-made snapshots. */
class RankerTest {

    private static final RankerSettings SERVING =
            new RankerSettings(10, 1.0, 1.0, 0.5, 0.3, 0.2, 0.05, 2, true, false, 0, true);

    @Test
    void shouldWeightTheCurrentContextItemHighest() {
        Map<String, NeighbourList> lists = Map.of(
                "old", new NeighbourList("old", 10, List.of(new Neighbour("from-old", 5, 0)), 1),
                "current", new NeighbourList("current", 10, List.of(new Neighbour("from-current", 5, 0)), 1));
        List<RankedItem> ranked = new Ranker(SERVING.withRequireCatalog(false))
                .rank(
                        RecommendationRequest.forContext(List.of("old", "current"), 5),
                        snapshot(lists, Map.of(), List.of()));
        assertEquals(
                List.of("from-current", "from-old"),
                ranked.stream().map(RankedItem::itemId).toList());
        assertEquals("current", ranked.getFirst().reason().because());
    }

    @Test
    void shouldCapACategoryButStillFillTheList() {
        Map<String, CatalogItem> catalog = new HashMap<>();
        List<TrendingEntry> trending = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            catalog.put("p" + i, item("p" + i, "电子产品/手机"));
            trending.add(new TrendingEntry("p" + i, 100 - i));
        }
        catalog.put("book", item("book", "图书"));
        trending.add(new TrendingEntry("book", 10));
        List<String> ids = new Ranker(SERVING)
                .rank(RecommendationRequest.forContext(List.of(), 4), snapshot(Map.of(), catalog, trending)).stream()
                        .map(RankedItem::itemId)
                        .toList();
        assertEquals(4, ids.size());
        assertTrue(ids.contains("book"), "the cap lets another category in: " + ids);
        assertEquals(List.of("p0", "p1", "p2", "book"), ids);
    }

    @Test
    void shouldRecommendTheCurrentItemOnlyWhenSeenItemsAreAllowed() {
        Map<String, NeighbourList> lists = Map.of("a", new NeighbourList("a", 4, List.of(new Neighbour("b", 1, 1)), 1));
        RecommendationRequest request = RecommendationRequest.forContext(List.of("a"), 5);
        RecommendationSnapshot snapshot = snapshot(lists, Map.of(), List.of());
        RankerSettings replay = new RankerSettings(10, 1.0, 1.0, 0.5, 0.3, 0.2, 0.05, 0, true, true, 1.0, false);
        assertEquals(
                List.of("a", "b"),
                new Ranker(replay)
                        .rank(request, snapshot).stream()
                                .map(RankedItem::itemId)
                                .toList());
        assertEquals(
                List.of("b"),
                new Ranker(SERVING.withRequireCatalog(false))
                        .rank(request, snapshot).stream()
                                .map(RankedItem::itemId)
                                .toList());
    }

    @Test
    void shouldDropItemsTheCatalogDoesNotSellWhenServing() {
        Map<String, CatalogItem> catalog = Map.of(
                "ok",
                item("ok", "图书"),
                "sold-out",
                new CatalogItem("sold-out", "t", "图书", null, 10.0, "CNY", 0, true, List.of(), Map.of(), Instant.EPOCH));
        List<TrendingEntry> trending =
                List.of(new TrendingEntry("sold-out", 3), new TrendingEntry("deleted", 2), new TrendingEntry("ok", 1));
        List<String> ids = new Ranker(SERVING)
                .rank(RecommendationRequest.forContext(List.of(), 10), snapshot(Map.of(), catalog, trending)).stream()
                        .map(RankedItem::itemId)
                        .toList();
        assertEquals(List.of("ok"), ids);
        RecommendationRequest excluding =
                new RecommendationRequest(null, List.of(), 10, null, null, null, Set.of("ok"), false);
        assertTrue(new Ranker(SERVING)
                .rank(excluding, snapshot(Map.of(), catalog, trending))
                .isEmpty());
    }

    @Test
    void shouldDecideAPickFromTheCandidatesItStopsAt() {
        java.util.Random random = new java.util.Random(17);
        for (int round = 0; round < 500; round++) {
            Map<String, CatalogItem> catalog = new HashMap<>();
            List<RankedItem> ordered = new java.util.ArrayList<>();
            int n = random.nextInt(40);
            for (int i = 0; i < n; i++) {
                String id = "i" + i;
                if (random.nextInt(10) > 0) {
                    catalog.put(id, item(id, "c" + random.nextInt(4)));
                }
                ordered.add(new RankedItem(id, 100 - i - random.nextInt(2) * 0.5, RankedItem.Reason.of("trending")));
            }
            int limit = 1 + random.nextInt(12);
            Ranker ranker = new Ranker(SERVING.withRequireCatalog(false));
            Ranker.PickBound bound = ranker.pickBound(limit);
            int seen = 0;
            while (seen < n && !bound.decidedWith(catalog.get(ordered.get(seen).itemId()))) {
                seen++;
            }
            List<RankedItem> prefix = ordered.subList(0, Math.min(n, seen + 1));
            assertEquals(
                    ranker.pick(ordered, catalog, limit),
                    ranker.pick(prefix, catalog, limit),
                    "round " + round + ": " + seen + " of " + n + " seen for " + limit);
        }
    }

    @Test
    void shouldLiftAnItemByHowManyOfItsCategoryLevelsTheShopperLikes() {
        Map<String, CatalogItem> catalog = new HashMap<>();
        catalog.put("book", item("book", "图书"));
        catalog.put("laptop", item("laptop", "电子产品/电脑"));
        catalog.put("phone", item("phone", "电子产品/手机"));
        catalog.put("phone-2", item("phone-2", "电子产品/手机"));
        List<TrendingEntry> trending = List.of(
                new TrendingEntry("book", 10),
                new TrendingEntry("laptop", 10),
                new TrendingEntry("phone", 10),
                new TrendingEntry("phone-2", 10));
        ShopperProfile profile = new ShopperProfile(
                "u:alice",
                "alice",
                null,
                Instant.EPOCH,
                Map.of("电子产品", 2.0, "电子产品/手机", 2.0, "图书", 0.8),
                Map.of(),
                Map.of(),
                List.of(),
                List.of(),
                List.of(),
                1,
                Instant.EPOCH);
        List<String> ids = new Ranker(SERVING)
                        .rank(
                                RecommendationRequest.forContext(List.of(), 4),
                                new RecommendationSnapshot(profile, Map.of(), trending, Map.of(), List.of(), catalog))
                        .stream()
                        .map(RankedItem::itemId)
                        .toList();
        // Both levels liked (phones, by id), one of two (laptop: 0.5), the one level at 0.4 of the best.
        assertEquals(List.of("phone", "phone-2", "laptop", "book"), ids);
    }

    private static CatalogItem item(String id, String category) {
        return new CatalogItem(id, id, category, "品牌A", 10.0, "CNY", 5, true, List.of(), Map.of(), Instant.EPOCH);
    }

    private static RecommendationSnapshot snapshot(
            Map<String, NeighbourList> lists, Map<String, CatalogItem> catalog, List<TrendingEntry> trending) {
        return new RecommendationSnapshot(null, lists, trending, Map.of(), List.of(), catalog);
    }
}
