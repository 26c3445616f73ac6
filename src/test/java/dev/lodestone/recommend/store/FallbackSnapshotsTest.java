package dev.lodestone.recommend.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lodestone.catalog.CatalogItem;
import dev.lodestone.recommend.RecommendationRequest;
import dev.lodestone.recommend.RecommendationSnapshot;
import dev.lodestone.recommend.RecommendationSnapshot.TrendingEntry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FallbackSnapshotsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Map<String, CatalogItem> CATALOG = Map.of(
            "old", item("old", "books/novels", 1, true),
            "new", item("new", "books/comics", 3, true),
            "newest-gone", item("newest-gone", "books", 4, false),
            "shirt", item("shirt", "clothes/shirts", 2, true));

    @Test
    void shouldOfferTheNewestSellableItemsOfTheCategoryBeforeAnyTrendingWasSeen() {
        FallbackSnapshots fallback = new FallbackSnapshots(CATALOG, 10);

        RecommendationSnapshot snapshot = fallback.snapshot(request("books/novels", List.of(), false));

        assertTrue(snapshot.fallback());
        assertNull(snapshot.profile());
        assertEquals(List.of("new", "old"), snapshot.newest());
        assertEquals(List.of(), snapshot.trending());
    }

    @Test
    void shouldOfferTheNewestOfTheWholeCatalogWithoutACategory() {
        FallbackSnapshots fallback = new FallbackSnapshots(CATALOG, 2);

        assertEquals(
                List.of("new", "shirt"),
                fallback.snapshot(request(null, List.of(), false)).newest());
    }

    @Test
    void shouldKeepTheTrendingListsRedisLastAnsweredWith() {
        FallbackSnapshots fallback = new FallbackSnapshots(CATALOG, 10);
        List<TrendingEntry> global = List.of(new TrendingEntry("shirt", 5), new TrendingEntry("old", 4));
        List<TrendingEntry> books = List.of(new TrendingEntry("old", 4));
        fallback.remember(
                new RecommendationSnapshot(null, Map.of(), global, Map.of("books", books), List.of(), CATALOG));
        // A later answer without lists (a similar-only read) keeps what was seen.
        fallback.remember(new RecommendationSnapshot(null, Map.of(), List.of(), Map.of(), List.of(), CATALOG));

        RecommendationSnapshot snapshot = fallback.snapshot(request("books", List.of(), false));

        assertEquals(global, snapshot.trending());
        assertEquals(Map.of("books", books), snapshot.trendingByCategory());
    }

    @Test
    void shouldTakeTheCategoryOfTheItemForSimilarItems() {
        FallbackSnapshots fallback = new FallbackSnapshots(CATALOG, 10);

        assertEquals(
                List.of("shirt"),
                fallback.snapshot(request(null, List.of("shirt"), true)).newest());
    }

    private static RecommendationRequest request(String category, List<String> context, boolean similarOnly) {
        return new RecommendationRequest(null, context, 10, category, null, null, Set.of(), similarOnly);
    }

    private static CatalogItem item(String id, String category, int minutes, boolean available) {
        return new CatalogItem(
                id, id, category, null, 10.0, "CNY", null, available, null, null, T0.plusSeconds(60L * minutes));
    }
}
