package dev.lodestone.signals;

import dev.lodestone.platform.redis.RedisKeys;

/** The signals' read models in Redis. Every key starts with {@link #PREFIX}; {@code docs/architecture.md} registers them. */
public final class SignalsKeys {

    /** What every key of this feature starts with. */
    public static final String PREFIX = RedisKeys.PREFIX + "signals:";

    /**
     * Hash {@code v} (version), {@code d} ({@link DailyCounts} JSON) of one day of one series; the series
     * (e.g. {@code category:电子产品}, {@code carts:all}) is the hash tag, so the days of a series share a slot.
     */
    public static String daily(String dimension, String value, String day) {
        return PREFIX + "daily:{" + dimension + ":" + value + "}:" + day;
    }

    private SignalsKeys() {}
}
