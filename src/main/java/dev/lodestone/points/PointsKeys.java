package dev.lodestone.points;

import dev.lodestone.platform.redis.ForgettableProjection;
import dev.lodestone.platform.redis.RedisKeys;
import dev.lodestone.shopper.ShopperEvent;

/** The points ledger's Redis keys. Every key starts with {@link #PREFIX}; {@code docs/architecture.md} registers them. */
public final class PointsKeys {

    /** What every key of this feature starts with. */
    public static final String PREFIX = RedisKeys.PREFIX + "points:";

    /** What every balance key starts with; the shopper's hash tag and the user id follow. */
    public static final String BALANCE_PREFIX = PREFIX + "balance:";

    /**
     * Hash {@code v} (ledger version), {@code d} (JSON balance), {@code t} (newest entry time) of a user's
     * points. The balance, the history and the forgotten marker share the shopper's hash tag: the scripts
     * that apply an entry or forget the shopper touch one Redis Cluster slot.
     */
    public static String pointsBalance(String userId) {
        return BALANCE_PREFIX + tag(userId) + ":" + userId;
    }

    /** Sorted set of a user's ledger entries (JSON), scored by ledger version. */
    public static String pointsHistory(String userId) {
        return PREFIX + "history:" + tag(userId) + ":" + userId;
    }

    /** The hash tag of a user's points, the one of their shopper key (docs/architecture.md). */
    private static String tag(String userId) {
        return ForgettableProjection.shopperTag(ShopperEvent.userKey(userId));
    }

    /** The user id of a {@link #pointsBalance} key. */
    public static String userIdOfBalance(String key) {
        return key.substring(key.indexOf("}:", BALANCE_PREFIX.length()) + 2);
    }

    /** String: when a user's points were forgotten (the write fence), under a digest of their shopper key; 1 day. */
    public static String pointsForgotten(String userId) {
        return ForgettableProjection.markerKey("points", ShopperEvent.userKey(userId));
    }

    /** String: the decision (JSON) of a redemption, exchange or coupon request; expires. */
    public static String pointsDecision(String requestId) {
        return PREFIX + "decision:" + requestId;
    }

    /** String: the body fingerprint first sent with a request id (Idempotency-Key); expires. */
    public static String pointsIdempotency(String requestId) {
        return PREFIX + "idem:" + requestId;
    }

    /** String: the earn rules in force (JSON). */
    public static final String POINTS_RULES = PREFIX + "rules";

    private PointsKeys() {}
}
