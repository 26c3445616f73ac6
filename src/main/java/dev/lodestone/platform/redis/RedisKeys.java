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

    private RedisKeys() {}
}
