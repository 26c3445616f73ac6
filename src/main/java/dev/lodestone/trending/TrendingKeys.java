package dev.lodestone.trending;

import dev.lodestone.platform.redis.RedisKeys;

/** Trending lists in Redis. Every key starts with {@link #PREFIX}; {@code docs/architecture.md} registers them. */
public final class TrendingKeys {

    /** What every key of this feature starts with. */
    public static final String PREFIX = RedisKeys.PREFIX + "trending:";

    /** Every list shares this hash tag: an item's global and category lists are raised by one script. */
    private static final String LISTS = PREFIX + "{lists}:";

    /** Sorted set of the most popular items, scored by log2 forward-decayed popularity. */
    public static String trending() {
        return LISTS + "global";
    }
    /** {@link #trending()} per top-level category. */
    public static String trending(String topCategory) {
        return LISTS + "category:" + topCategory;
    }

    private TrendingKeys() {}
}
