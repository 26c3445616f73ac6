package dev.lodestone.trending;

/**
 * An item's time-decayed popularity, kept as {@code log2} of a forward-decayed sum so that it never
 * needs rescaling: {@code logScore = log2(sum of weight * 2^(t / halfLife))}. Comparing two items'
 * {@code logScore} compares their popularity decayed to any common instant.
 *
 * @param topCategory top-level category, once the catalog knew the item
 */
public record TrendingScore(String itemId, String topCategory, double logScore, long lastAt, long version) {

    public TrendingScore add(double weight, long at, String category, long halfLifeMs) {
        double logWeight = Math.log(weight) / Math.log(2) + (double) at / halfLifeMs;
        double combined = version == 0 ? logWeight : logSumExp2(logScore, logWeight);
        return new TrendingScore(
                itemId, category != null ? category : topCategory, combined, Math.max(lastAt, at), version + 1);
    }

    private static double logSumExp2(double a, double b) {
        double max = Math.max(a, b);
        return max + Math.log(Math.pow(2, a - max) + Math.pow(2, b - max)) / Math.log(2);
    }
}
