package dev.lodestone.recommend;

import java.util.List;
import java.util.Set;

/**
 * What a caller asks for, already validated.
 *
 * @param shopperKey {@code u:<userId>} or {@code s:<sessionId>}; null for a context-only request
 * @param context items of the current visit in the order engaged: the last one is the current item
 * @param similarOnly only items with similarity evidence ({@code /similar}); no backfill
 */
public record RecommendationRequest(
        String shopperKey,
        List<String> context,
        int limit,
        String category,
        Double minPrice,
        Double maxPrice,
        Set<String> exclude,
        boolean similarOnly) {

    /** The same request with {@code items} as its context. */
    public RecommendationRequest withContext(List<String> items) {
        return new RecommendationRequest(shopperKey, items, limit, category, minPrice, maxPrice, exclude, similarOnly);
    }

    public static RecommendationRequest forContext(List<String> context, int limit) {
        return new RecommendationRequest(null, context, limit, null, null, null, Set.of(), false);
    }
}
