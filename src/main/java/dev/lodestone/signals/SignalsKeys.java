package dev.lodestone.signals;

import dev.lodestone.platform.redis.ForgettableProjection;
import dev.lodestone.platform.redis.RedisKeys;

/** The signals' read models in Redis. Every key starts with {@link #PREFIX}; {@code docs/architecture.md} registers them. */
public final class SignalsKeys {

    /** What every key of this feature starts with. */
    public static final String PREFIX = RedisKeys.PREFIX + "signals:";

    /** The daily series of abandoned and recovered carts (value {@code all}). */
    public static final String CARTS = "carts";

    /** The daily series of feedback (values {@code all}, {@code about:…}, {@code category:…}). */
    public static final String FEEDBACK = "feedback";

    /**
     * Hash {@code v} (version), {@code d} ({@link DailyCounts} JSON) of one day of one series; the series
     * (e.g. {@code category:电子产品}, {@code carts:all}) is the hash tag, so the days of a series share a slot.
     */
    public static String daily(String dimension, String value, String day) {
        return PREFIX + "daily:{" + dimension + ":" + value + "}:" + day;
    }

    /**
     * What both keys of a shopper's "not interested" marks start with ({@link #notInterested},
     * {@link #notInterestedNow}): a reader that copies them tracks this prefix.
     */
    public static final String NOT_INTERESTED_PREFIX = PREFIX + "not-interested";

    /**
     * Hash {@code v}, {@code d} ({@link NotInterested} JSON), {@code t}: what a shopper is not interested in,
     * projected from {@code shopper-not-interested}. Under the shopper's hash tag, shared with
     * {@link #notInterestedNow} and the {@link #forgotten} marker: one slot.
     */
    public static String notInterested(String shopperKey) {
        return ForgettableProjection.shopperKey(NOT_INTERESTED_PREFIX + ":", shopperKey);
    }

    /**
     * Hash itemId → {@code x}/{@code d}: the marks written by the request itself, so they act before the
     * projection has them; expires after {@link #NOT_INTERESTED_NOW_TTL_SECONDS}.
     */
    public static String notInterestedNow(String shopperKey) {
        return ForgettableProjection.shopperKey(NOT_INTERESTED_PREFIX + "-now:", shopperKey);
    }

    /** How long the request's own marks live: far longer than the projection takes. */
    public static final long NOT_INTERESTED_NOW_TTL_SECONDS = 3600;

    /** String: when a shopper's marks were forgotten (the write fence), under a digest of the shopper key; 1 day. */
    public static String forgotten(String shopperKey) {
        return ForgettableProjection.markerKey("signals", shopperKey);
    }

    private SignalsKeys() {}
}
