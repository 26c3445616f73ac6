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

    /** The newest-items indexes share this hash tag: the script that moves an item between them runs on one node. */
    private static final String INDEX = PREFIX + "{index}";

    /** Sorted set of every catalog item id, scored by update time (the newest-items backfill). */
    public static String catalogIndex() {
        return INDEX;
    }

    /** {@link #catalogIndex()} restricted to one top-level category. */
    public static String catalogIndex(String topCategory) {
        return INDEX + ":" + topCategory;
    }

    /**
     * Hash: listed item id → the top-level category it is listed under, so an item that changes category
     * leaves the old index without reading its previous JSON (in another slot).
     */
    public static String catalogIndexCategories() {
        return INDEX + "~category";
    }

    private CatalogKeys() {}
}
