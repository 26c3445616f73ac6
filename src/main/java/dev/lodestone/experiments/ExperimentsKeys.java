package dev.lodestone.experiments;

import dev.lodestone.platform.redis.RedisKeys;

/** The experiments' results in Redis. Every key starts with {@link #PREFIX}; {@code docs/architecture.md} registers them. */
public final class ExperimentsKeys {

    /** What every key of this feature starts with. */
    public static final String PREFIX = RedisKeys.PREFIX + "experiments:";

    /** Hash {@code v} (version), {@code d} (JSON {@link VariantTotals}) of one variant's running totals. */
    public static String totals(String experimentId, String variant) {
        return PREFIX + "totals:" + experimentId + RecommendationIds.SEPARATOR + variant;
    }

    private ExperimentsKeys() {}
}
