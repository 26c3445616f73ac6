package dev.lodestone.platform.redis;

/**
 * Every Redis key the engine writes, built in one place; {@code docs/architecture.md} registers them.
 * All keys share the {@code lodestone:} prefix so an operator can find or flush them together.
 */
public final class RedisKeys {

    public static final String PREFIX = "lodestone:";

    /** Hash {@code v} (version), {@code d} (JSON) of a shopper's activity. */
    public static String activity(String shopperKey) {
        return PREFIX + "activity:" + shopperKey;
    }

    private RedisKeys() {}
}
