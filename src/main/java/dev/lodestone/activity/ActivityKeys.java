package dev.lodestone.activity;

import dev.lodestone.platform.redis.ForgettableProjection;
import dev.lodestone.platform.redis.RedisKeys;

/** A shopper's activity in Redis. Every key starts with {@link #PREFIX}; {@code docs/architecture.md} registers them. */
public final class ActivityKeys {

    /** What every key of this feature starts with. */
    public static final String PREFIX = RedisKeys.PREFIX + "activity:";

    /**
     * Hash {@code v} (version), {@code d} (JSON), {@code t} (newest intake time) of a shopper's activity;
     * expires. Under the shopper's hash tag, with its {@link #forgotten} marker.
     */
    public static String activity(String shopperKey) {
        return ForgettableProjection.shopperKey(PREFIX, shopperKey);
    }

    /** String: when a shopper's activity was forgotten (the write fence), under a digest of the shopper key; 1 day. */
    public static String forgotten(String shopperKey) {
        return ForgettableProjection.markerKey("activity", shopperKey);
    }

    private ActivityKeys() {}
}
