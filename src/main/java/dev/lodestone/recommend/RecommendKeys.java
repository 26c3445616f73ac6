package dev.lodestone.recommend;

import dev.lodestone.platform.redis.ForgettableProjection;
import dev.lodestone.platform.redis.RedisKeys;

/** Recommendation data in Redis. Every key starts with {@link #PREFIX}; {@code docs/architecture.md} registers them. */
public final class RecommendKeys {

    /** What every key of this feature starts with. */
    public static final String PREFIX = RedisKeys.PREFIX + "recommend:";

    /** What a shopper's candidates key starts with (the recommendation near cache tracks it). */
    public static final String CANDIDATES_PREFIX = PREFIX + "candidates:";

    /**
     * Hash {@code v}, {@code d} (the candidates, {@code CandidateCodec}), {@code t} of a shopper's ranked
     * candidates; expires. Under the shopper's hash tag.
     */
    public static String candidates(String shopperKey) {
        return ForgettableProjection.shopperKey(CANDIDATES_PREFIX, shopperKey);
    }

    /** String: when a shopper's candidates were forgotten (the write fence), under the shopper's hash tag; 1 day. */
    public static String forgotten(String shopperKey) {
        return ForgettableProjection.markerKey("recommend", shopperKey);
    }

    private RecommendKeys() {}
}
