package dev.lodestone.experiments;

import dev.lodestone.shopper.EventType;
import dev.lodestone.shopper.ShopperEvent;

/**
 * What one shopper did under one experiment: their variant (the first one an event named) and their
 * attributed counts. Kept per shopper in the topology, so a change of one shopper becomes a change of
 * the variant's sums of counts and of squared counts ({@link #delta}).
 */
public record ShopperExposure(
        String variant, long impressions, long clicks, long carts, long purchases, double revenue) {

    public static ShopperExposure start(String variant) {
        return new ShopperExposure(variant, 0, 0, 0, 0, 0);
    }

    /** The event's attributed types change the counts; any other type changes nothing. */
    public ShopperExposure apply(ShopperEvent event) {
        return switch (event.type()) {
            case IMPRESSION -> new ShopperExposure(variant, impressions + 1, clicks, carts, purchases, revenue);
            case CLICK -> new ShopperExposure(variant, impressions, clicks + 1, carts, purchases, revenue);
            case ADD_TO_CART -> new ShopperExposure(variant, impressions, clicks, carts + 1, purchases, revenue);
            case PURCHASE ->
                new ShopperExposure(variant, impressions, clicks, carts, purchases + 1, revenue + amount(event));
            default -> this;
        };
    }

    /** Whether an event of this type is attributed to a variant. */
    public static boolean attributed(EventType type) {
        return type == EventType.IMPRESSION
                || type == EventType.CLICK
                || type == EventType.ADD_TO_CART
                || type == EventType.PURCHASE;
    }

    private static double amount(ShopperEvent event) {
        if (event.price() == null) {
            return 0;
        }
        return event.price().doubleValue() * (event.quantity() == null ? 1 : event.quantity());
    }

    /** The change of the variant's totals when this shopper goes from {@code before} (null: unexposed) to this. */
    public VariantTotals delta(String experiment, ShopperExposure before) {
        ShopperExposure b = before == null ? new ShopperExposure(variant, 0, 0, 0, 0, 0) : before;
        return new VariantTotals(
                experiment,
                variant,
                before == null ? 1 : 0,
                impressions - b.impressions,
                impressions * impressions - b.impressions * b.impressions,
                clicks - b.clicks,
                clicks * clicks - b.clicks * b.clicks,
                clicks * impressions - b.clicks * b.impressions,
                (clicks > 0 ? 1 : 0) - (b.clicks > 0 ? 1 : 0),
                carts - b.carts,
                purchases - b.purchases,
                (purchases > 0 ? 1 : 0) - (b.purchases > 0 ? 1 : 0),
                revenue - b.revenue,
                revenue * revenue - b.revenue * b.revenue,
                0);
    }
}
