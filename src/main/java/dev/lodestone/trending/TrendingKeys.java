package dev.lodestone.trending;

import dev.lodestone.platform.redis.RedisKeys;

/** Trending lists in Redis. Every key starts with {@link #PREFIX}; {@code docs/architecture.md} registers them. */
public final class TrendingKeys {

    /** What every key of this feature starts with. */
    public static final String PREFIX = RedisKeys.PREFIX + "trending:";

    /** Sorted set of the most popular items, scored by log2 forward-decayed popularity. */
    public static String trending() {
        return PREFIX + "global";
    }
    /** {@link #trending()} per top-level category. */
    public static String trending(String topCategory) {
        return PREFIX + "category:" + topCategory;
    }

    private TrendingKeys() {}
}
