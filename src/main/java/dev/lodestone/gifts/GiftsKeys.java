package dev.lodestone.gifts;

import dev.lodestone.platform.redis.RedisKeys;

/** The gift shop in Redis. Every key starts with {@link #PREFIX}; {@code docs/architecture.md} registers them. */
public final class GiftsKeys {

    /** What every key of this feature starts with. */
    public static final String PREFIX = RedisKeys.PREFIX + "gifts:";

    /** Set of every gift id. */
    public static final String GIFT_IDS = PREFIX + "ids";

    /** Hash {@code v} (version), {@code d} (JSON) of a gift with its live stock. */
    public static String gift(String giftId) {
        return PREFIX + "gift:" + giftId;
    }

    private GiftsKeys() {}
}
