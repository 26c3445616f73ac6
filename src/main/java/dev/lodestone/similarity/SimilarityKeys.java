package dev.lodestone.similarity;

import dev.lodestone.platform.redis.RedisKeys;

/** Item neighbours in Redis. Every key starts with {@link #PREFIX}; {@code docs/architecture.md} registers them. */
public final class SimilarityKeys {

    /** What every key of this feature starts with. */
    public static final String PREFIX = RedisKeys.PREFIX + "neighbours:";

    /** Hash {@code v}, {@code d} of an item's top-K neighbours. */
    public static String neighbours(String itemId) {
        return PREFIX + "" + itemId;
    }

    private SimilarityKeys() {}
}
