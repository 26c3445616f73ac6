package dev.lodestone.platform.redis;

/**
 * Every Redis key the engine writes, built in one place; {@code docs/architecture.md} registers them.
 * All keys share the {@code lodestone:} prefix so an operator can find or flush them together.
 */
public final class RedisKeys {

    public static final String PREFIX = "lodestone:";

    /** Hash {@code v} (version), {@code d} (JSON) of a shopper's activity. */
    public static String activity(String shopperKey) {
        return PREFIX + "activity:" + shopperKey;
    }

    /** String: JSON of a catalog item. */
    public static String catalogItem(String itemId) {
        return PREFIX + "catalog:item:" + itemId;
    }

    /** Sorted set of every catalog item id, scored by update time (the newest-items backfill). */
    public static String catalogIndex() {
        return PREFIX + "catalog:index";
    }

    /** {@link #catalogIndex()} restricted to one top-level category. */
    public static String catalogIndex(String topCategory) {
        return catalogIndex() + ":" + topCategory;
    }

    /** Hash {@code v}, {@code d} of a shopper's preference profile; {@code d} empty once forgotten. */
    public static String profile(String shopperKey) {
        return PREFIX + "profile:" + shopperKey;
    }

    /** Hash {@code v}, {@code d} of an item's top-K neighbours. */
    public static String neighbours(String itemId) {
        return PREFIX + "neighbours:" + itemId;
    }

    /** Sorted set of the most popular items, scored by log2 forward-decayed popularity. */
    public static String trending() {
        return PREFIX + "trending:global";
    }

    /** {@link #trending()} per top-level category. */
    public static String trending(String topCategory) {
        return PREFIX + "trending:category:" + topCategory;
    }

    private RedisKeys() {}
}
