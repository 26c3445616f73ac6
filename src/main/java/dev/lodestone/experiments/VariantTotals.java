package dev.lodestone.experiments;

/**
 * Running sums over the shoppers exposed to one variant: enough for means, variances and the
 * covariance of the per-shopper click and impression counts (a ratio metric's delta method). Every
 * field is a sum over shoppers; {@code version} counts the changes, so the projection never goes back.
 *
 * @param shoppers shoppers with at least one attributed event (the exposures, the unit of randomisation)
 * @param clickers shoppers with at least one click
 * @param converters shoppers with at least one purchase
 * @param revenue sum of {@code price × quantity} of attributed purchases
 */
public record VariantTotals(
        String experiment,
        String variant,
        long shoppers,
        long impressions,
        long impressionsSq,
        long clicks,
        long clicksSq,
        long clicksTimesImpressions,
        long clickers,
        long carts,
        long purchases,
        long converters,
        double revenue,
        double revenueSq,
        long version) {

    public static VariantTotals empty(String experiment, String variant) {
        return new VariantTotals(experiment, variant, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    /** These totals with one shopper's change added (the shopper's new sums minus their old ones). */
    public VariantTotals plus(VariantTotals delta) {
        return new VariantTotals(
                experiment != null ? experiment : delta.experiment,
                variant != null ? variant : delta.variant,
                shoppers + delta.shoppers,
                impressions + delta.impressions,
                impressionsSq + delta.impressionsSq,
                clicks + delta.clicks,
                clicksSq + delta.clicksSq,
                clicksTimesImpressions + delta.clicksTimesImpressions,
                clickers + delta.clickers,
                carts + delta.carts,
                purchases + delta.purchases,
                converters + delta.converters,
                revenue + delta.revenue,
                revenueSq + delta.revenueSq,
                version + 1);
    }
}
