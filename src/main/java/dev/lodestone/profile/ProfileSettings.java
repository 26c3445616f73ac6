package dev.lodestone.profile;

import dev.lodestone.shopper.EventType;
import dev.lodestone.shopper.ShopperEvent;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * Plain values that drive the profile aggregate, so tests and the evaluation replay build it
 * without CDI.
 *
 * @param weights weight per event type; 0 ignores the type, a negative weight lowers affinities
 * @param reviewWeight a review adds {@code reviewWeight * (rating - 3) / 2}: 5 stars +1x, 1 star -1x
 * @param priceBandRatio a price band spans prices within this factor (1.25: 100-125, 125-156, ...)
 */
public record ProfileSettings(
        Map<EventType, Double> weights,
        double reviewWeight,
        Duration halfLife,
        int recentItems,
        int purchasedItems,
        int pendingItems,
        int maxCategories,
        int maxBrands,
        double priceBandRatio) {

    public static ProfileSettings from(ProfileConfig c) {
        Map<EventType, Double> weights = new EnumMap<>(EventType.class);
        weights.put(EventType.VIEW, c.weightView());
        weights.put(EventType.CLICK, c.weightClick());
        weights.put(EventType.ADD_TO_CART, c.weightCart());
        weights.put(EventType.PURCHASE, c.weightPurchase());
        weights.put(EventType.SHARE, c.weightShare());
        weights.put(EventType.REMOVE_FROM_CART, c.weightRemoveFromCart());
        weights.put(EventType.REFUND, c.weightRefund());
        return new ProfileSettings(
                weights,
                c.weightReview(),
                c.halfLife(),
                c.recentItems(),
                c.purchasedItems(),
                c.pendingItems(),
                c.maxCategories(),
                c.maxBrands(),
                c.priceBandRatio());
    }

    /** The signed weight of one event. */
    public double weight(ShopperEvent event) {
        if (event.type() == EventType.REVIEW) {
            int rating = event.rating() == null ? 3 : event.rating();
            return reviewWeight * (rating - 3) / 2.0;
        }
        return weights.getOrDefault(event.type(), 0.0);
    }

    /** Multiplier that brings a value recorded at {@code fromMillis} to {@code toMillis}. */
    public double decay(long fromMillis, long toMillis) {
        // In doubles: the difference of two extreme times must not wrap around.
        return Math.pow(2, -((double) toMillis - (double) fromMillis) / halfLife.toMillis());
    }

    public int priceBand(double price) {
        return price <= 1 ? 0 : (int) Math.floor(Math.log(price) / Math.log(priceBandRatio));
    }
}
