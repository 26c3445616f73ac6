package dev.lodestone.profile;

import dev.lodestone.platform.redis.ForgettableProjection;
import dev.lodestone.platform.redis.RedisKeys;

/** Preference profiles in Redis. Every key starts with {@link #PREFIX}; {@code docs/architecture.md} registers them. */
public final class ProfileKeys {

    /** What every key of this feature starts with. */
    public static final String PREFIX = RedisKeys.PREFIX + "profile:";

    /** Hash {@code v}, {@code d}, {@code t} (newest intake time) of a shopper's preference profile; expires. Under the shopper's hash tag. */
    public static String profile(String shopperKey) {
        return ForgettableProjection.shopperKey(PREFIX, shopperKey);
    }

    /** String: when a shopper's profile was forgotten (the write fence), under a digest of the shopper key; 1 day. */
    public static String forgotten(String shopperKey) {
        return ForgettableProjection.markerKey("profile", shopperKey);
    }

    private ProfileKeys() {}
}
