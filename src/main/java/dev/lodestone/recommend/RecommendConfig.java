package dev.lodestone.recommend;

import io.quarkus.arc.Unremovable;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.OptionalInt;

/** Recommendation serving and ranking. */
@ConfigMapping(prefix = "lodestone.recommend")
@Unremovable
public interface RecommendConfig {
    /** Default number of items. */
    @WithDefault("20")
    int defaultLimit();

    /** Most context items in a request. */
    @WithDefault("50")
    int maxContext();

    /** Recent profile items used as similarity sources. */
    @WithDefault("10")
    int recentSources();

    /** Weight of a source item: 1 / (1 + distance)^this, distance 0 for the current item. */
    @WithDefault("1.0")
    double sourceDecay();

    /** Extra weight of the directed next-item evidence over plain co-occurrence. */
    @WithDefault("1.0")
    double nextWeight();

    /** Boost of a full category match with the profile. */
    @WithDefault("0.5")
    double categoryBoost();

    /** Boost of a full brand match with the profile. */
    @WithDefault("0.3")
    double brandBoost();

    /** Boost of a price inside the profile's range. */
    @WithDefault("0.2")
    double priceBoost();

    /** Score of the most trending item relative to similarity evidence (backfill ranks below). */
    @WithDefault("0.05")
    double trendingWeight();

    /**
     * Trending items read per list. Every candidate costs a catalog lookup and JSON on the request
     * path; a few times the largest list is enough to fill it after filters.
     */
    @WithDefault("60")
    int trendingCandidates();

    /** Newest catalog items read as the last backfill. */
    @WithDefault("40")
    int catalogCandidates();

    /** Most items of one category in a list before others are preferred (0 = no cap). */
    @WithDefault("5")
    int maxPerCategory();

    /** Never recommend items the shopper bought. */
    @WithDefault("true")
    boolean excludePurchased();

    /** May recommend the context and recent items themselves. */
    @WithDefault("false")
    boolean includeSeen();

    /** With include-seen, a seen item itself scores this times its source weight. */
    @WithDefault("0")
    double seenWeight();

    /**
     * Each shopper's ranked candidates are kept in Redis, computed when the shopper's profile changes,
     * so that a plain recommendation (no context, category or price, the default ranking) reads one
     * value and ranks nothing; false ranks every request.
     */
    @WithDefault("true")
    boolean materialised();

    /**
     * Ranked candidates kept per shopper: enough to fill a list of the default limit after exclusions, stock
     * and the category cap (about 55 bytes each in Redis); a larger limit is ranked on the request.
     */
    @WithDefault("60")
    int materialisedCandidates();

    /**
     * Kept candidates older than this are ranked again on the request instead (trending and neighbour
     * lists move on while a shopper is away).
     */
    @WithDefault("PT1H")
    Duration materialisedMaxAge();

    /** How long a shopper's candidates stay in Redis after their newest event; 0 keeps them. */
    @WithDefault("P7D")
    Duration materialisedTtl();

    /**
     * Shoppers whose kept candidates and marks this instance holds in memory, kept exact by Redis's
     * invalidation pushes (at most about 5 KB of heap each at the default 60 candidates, measured with
     * 100,000 held); 0 reads Redis on every plain request. Unset: as many as fit in a fifth of the heap
     * ({@code NearCacheSize}). A single Redis only: on a Redis Cluster every request reads Redis.
     */
    OptionalInt nearCacheShoppers();

    /**
     * Whether the near cache reads a shopper again as soon as Redis pushes a change of their keys (in
     * batches, every 100 ms), so that it holds the shoppers active on the shop rather than only those asked
     * for before: one more Redis read per change and instance; false reads a changed shopper at their next
     * request.
     */
    @WithDefault("true")
    boolean nearCacheFollow();

    /**
     * How long this instance answers a shopper's plain list with the items of the events it accepted for
     * them that their profile does not show yet, as context items; until the profile shows them or this
     * long after the last one (the pipeline's usual delay is well under a second). 0 turns it off: lists
     * then follow the shopper's events through the pipeline only.
     */
    @WithDefault("PT30S")
    Duration ownEventsWindow();
}
