package dev.lodestone.profile;

import dev.lodestone.platform.redis.RedisKeys;

/** Preference profiles in Redis. Every key starts with {@link #PREFIX}; {@code docs/architecture.md} registers them. */
public final class ProfileKeys {

    /** What every key of this feature starts with. */
    public static final String PREFIX = RedisKeys.PREFIX + "profile:";

    /** Hash {@code v}, {@code d} of a shopper's preference profile; {@code d} empty once forgotten. */
    public static String profile(String shopperKey) {
        return PREFIX + "" + shopperKey;
    }

    private ProfileKeys() {}
}
