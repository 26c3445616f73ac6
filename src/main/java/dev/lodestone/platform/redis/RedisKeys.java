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

    /** Hash {@code v} (ledger version), {@code d} (JSON balance) of a user's points. */
    public static String pointsBalance(String userId) {
        return PREFIX + "points:balance:" + userId;
    }

    /** Sorted set of a user's ledger entries (JSON), scored by ledger version. */
    public static String pointsHistory(String userId) {
        return PREFIX + "points:history:" + userId;
    }

    /** String: the decision (JSON) of a redemption, exchange or coupon request; expires. */
    public static String pointsDecision(String requestId) {
        return PREFIX + "points:decision:" + requestId;
    }

    /** String: the body fingerprint first sent with a request id (Idempotency-Key); expires. */
    public static String pointsIdempotency(String requestId) {
        return PREFIX + "points:idem:" + requestId;
    }

    /** String: the earn rules in force (JSON). */
    public static final String POINTS_RULES = PREFIX + "points:rules";

    /** Set of every gift id. */
    public static final String GIFT_IDS = PREFIX + "points:gifts";

    /** Hash {@code v} (version), {@code d} (JSON) of a gift with its live stock. */
    public static String gift(String giftId) {
        return PREFIX + "points:gift:" + giftId;
    }

    /** String: JSON of a catalog item. */
    public static String catalogItem(String itemId) {
        return PREFIX + "catalog:item:" + itemId;
    }

    /** Sorted set of every catalog item id, scored by update time (the newest-items backfill). */
    public static String catalogIndex() {
        return PREFIX + "catalog:index";
    }

    /** {@link #catalogIndex()} restricted to one top-level category. */
    public static String catalogIndex(String topCategory) {
        return catalogIndex() + ":" + topCategory;
    }

    /** Hash {@code v}, {@code d} of a shopper's preference profile; {@code d} empty once forgotten. */
    public static String profile(String shopperKey) {
        return PREFIX + "profile:" + shopperKey;
    }

    /** Hash {@code v}, {@code d} of an item's top-K neighbours. */
    public static String neighbours(String itemId) {
        return PREFIX + "neighbours:" + itemId;
    }

    /** Sorted set of the most popular items, scored by log2 forward-decayed popularity. */
    public static String trending() {
        return PREFIX + "trending:global";
    }

    /** {@link #trending()} per top-level category. */
    public static String trending(String topCategory) {
        return PREFIX + "trending:category:" + topCategory;
    }

    private RedisKeys() {}
}
