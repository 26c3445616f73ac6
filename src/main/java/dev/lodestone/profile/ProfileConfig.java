package dev.lodestone.profile;

import io.quarkus.arc.Unremovable;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Per-shopper preference profiles. */
@Unremovable
@ConfigMapping(prefix = "lodestone.profile")
public interface ProfileConfig {
    /** Weight of a view. */
    @WithDefault("1")
    double weightView();

    /** Weight of a click. */
    @WithDefault("2")
    double weightClick();

    /** Weight of an add-to-cart. */
    @WithDefault("4")
    double weightCart();

    /** Weight of a purchase. */
    @WithDefault("8")
    double weightPurchase();

    /** Weight of a share. */
    @WithDefault("3")
    double weightShare();

    /** Weight of a remove-from-cart (negative lowers affinities). */
    @WithDefault("-1")
    double weightRemoveFromCart();

    /** Weight of a refund (negative lowers affinities). */
    @WithDefault("-4")
    double weightRefund();

    /** A review adds weightReview * (rating - 3) / 2. */
    @WithDefault("6")
    double weightReview();

    /** Half-life of every affinity. */
    @WithDefault("P14D")
    Duration halfLife();

    /** Recent distinct items kept per shopper (N). */
    @WithDefault("50")
    int recentItems();

    /** Purchased distinct items kept per shopper. */
    @WithDefault("100")
    int purchasedItems();

    /** Engagements with items not yet in the catalog kept per shopper. */
    @WithDefault("20")
    int pendingItems();

    /** Category levels kept per shopper. */
    @WithDefault("40")
    int maxCategories();

    /** Brands kept per shopper. */
    @WithDefault("30")
    int maxBrands();

    /** Width of a price band as a ratio of its bounds. */
    @WithDefault("1.25")
    double priceBandRatio();

    /** How long a shopper's profile stays in Redis after their newest event; 0 keeps it. */
    @WithDefault("P90D")
    Duration redisTtl();
}
