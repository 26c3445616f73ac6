package dev.lodestone.activity;

import dev.lodestone.platform.redis.RedisKeys;

/** A shopper's activity in Redis. Every key starts with {@link #PREFIX}; {@code docs/architecture.md} registers them. */
public final class ActivityKeys {

    /** What every key of this feature starts with. */
    public static final String PREFIX = RedisKeys.PREFIX + "activity:";

    /** Hash {@code v} (version), {@code d} (JSON) of a shopper's activity. */
    public static String activity(String shopperKey) {
        return PREFIX + "" + shopperKey;
    }

    private ActivityKeys() {}
}
