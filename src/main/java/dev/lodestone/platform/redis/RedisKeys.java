package dev.lodestone.platform.redis;

/**
 * The one prefix every Redis key of the engine starts with, so an operator can find or flush them
 * together. Each feature builds its own keys under it ({@code lodestone:<feature>:…});
 * {@code docs/architecture.md} registers them.
 */
public final class RedisKeys {

    public static final String PREFIX = "lodestone:";

    private RedisKeys() {}
}
