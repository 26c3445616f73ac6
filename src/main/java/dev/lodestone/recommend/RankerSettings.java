package dev.lodestone.recommend;

/**
 * Plain values that drive the {@link Ranker}; see {@code docs/recommendations.md} for each.
 *
 * @param seenWeight with {@code includeSeen}, a seen item itself scores {@code seenWeight * w(source)}
 * @param requireCatalog drop candidates the catalog does not know (serving: true, so deleted items
 *     never appear; an evaluation on a log without a catalog sets false)
 */
public record RankerSettings(
        int recentSources,
        double sourceDecay,
        double nextWeight,
        double categoryBoost,
        double brandBoost,
        double priceBoost,
        double trendingWeight,
        int maxPerCategory,
        boolean excludePurchased,
        boolean includeSeen,
        double seenWeight,
        boolean requireCatalog) {

    public static RankerSettings from(RecommendConfig c) {
        return new RankerSettings(
                c.recentSources(),
                c.sourceDecay(),
                c.nextWeight(),
                c.categoryBoost(),
                c.brandBoost(),
                c.priceBoost(),
                c.trendingWeight(),
                c.maxPerCategory(),
                c.excludePurchased(),
                c.includeSeen(),
                c.seenWeight(),
                true);
    }

    public RankerSettings withIncludeSeen(boolean include) {
        return new RankerSettings(
                recentSources,
                sourceDecay,
                nextWeight,
                categoryBoost,
                brandBoost,
                priceBoost,
                trendingWeight,
                maxPerCategory,
                excludePurchased,
                include,
                seenWeight,
                requireCatalog);
    }

    public RankerSettings withRequireCatalog(boolean require) {
        return new RankerSettings(
                recentSources,
                sourceDecay,
                nextWeight,
                categoryBoost,
                brandBoost,
                priceBoost,
                trendingWeight,
                maxPerCategory,
                excludePurchased,
                includeSeen,
                seenWeight,
                require);
    }
}
