package dev.lodestone.catalog;

import dev.lodestone.platform.redis.RedisKeys;

/** The catalog in Redis. Every key starts with {@link #PREFIX}; {@code docs/architecture.md} registers them. */
public final class CatalogKeys {

    /** What every key of this feature starts with. */
    public static final String PREFIX = RedisKeys.PREFIX + "catalog:";

    /** String: JSON of a catalog item. */
    public static String catalogItem(String itemId) {
        return PREFIX + "item:" + itemId;
    }

    /** Sorted set of every catalog item id, scored by update time (the newest-items backfill). */
    public static String catalogIndex() {
        return PREFIX + "index";
    }
    /** {@link #catalogIndex()} restricted to one top-level category. */
    public static String catalogIndex(String topCategory) {
        return catalogIndex() + ":" + topCategory;
    }

    private CatalogKeys() {}
}
