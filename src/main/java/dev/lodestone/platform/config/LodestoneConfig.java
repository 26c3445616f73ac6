package dev.lodestone.platform.config;

import dev.lodestone.platform.kafka.streams.StoreKind;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Optional;

/** Every Lodestone setting, one nested group per feature. */
@ConfigMapping(prefix = "lodestone")
public interface LodestoneConfig {

    /** Where the embedded broker, Redis and the signing keys keep their data. */
    @WithDefault("data")
    String dataDir();

    /** The data directory actually in use (an ephemeral one in tests); set by the embedded launcher. */
    @WithName("resolved-data-dir")
    @WithDefault("data")
    String resolvedDataDir();

    /**
     * This engine's stable name (static membership of the projection consumers); the launcher derives
     * one from the host and the data directory when unset.
     */
    Optional<String> instanceId();

    Embedded embedded();

    Ingest ingest();

    Streams streams();

    Activity activity();

    Catalog catalog();

    Profile profile();

    Similarity similarity();

    Trending trending();

    Recommend recommend();

    Points points();

    RateLimit rateLimit();

    /**
     * Per-client budgets, as token buckets: a client is a token's subject with its roles, or the remote
     * address of a request without a valid token. Beyond its budget a client gets 429 with Retry-After,
     * so one busy client cannot take the engine from the others. {@code /v1/ping} and {@code /q/*} are open.
     */
    interface RateLimit {
        /** Enforce the budgets below. */
        @WithDefault("true")
        boolean enabled();

        /** Most clients whose buckets are kept; the least recently seen are dropped first (they return full). */
        @WithDefault("100000")
        int maxClients();

        /** Tokens whose only role is shopper: one person's app. */
        Shopper shopper();

        /** Storefront, marketer, agent and admin tokens: servers and tools acting for many shoppers. */
        Staff staff();

        /** Requests without a valid token, per remote address (they can only reach 401s and open endpoints). */
        Anonymous anonymous();

        /** A request budget. */
        interface Requests {
            /** Requests per second, refilled continuously. */
            int requestsPerSecond();

            /** Requests that may arrive at once after a quiet spell (the bucket's capacity). */
            int burst();
        }

        /** A request budget and an intake budget, counted per event of a batch. */
        interface RequestsAndEvents extends Requests {
            /** Events per second accepted by {@code POST /v1/events}. */
            int eventsPerSecond();

            /** Events that may arrive at once; a batch larger than this is refused with 413. */
            int eventBurst();
        }

        /** Budget of a shopper token. */
        interface Shopper extends RequestsAndEvents {
            @Override
            @WithDefault("20")
            int requestsPerSecond();

            @Override
            @WithDefault("60")
            int burst();

            @Override
            @WithDefault("50")
            int eventsPerSecond();

            @Override
            @WithDefault("1000")
            int eventBurst();
        }

        /** Budget of a staff token (one storefront serves all its shoppers through it). */
        interface Staff extends RequestsAndEvents {
            @Override
            @WithDefault("2000")
            int requestsPerSecond();

            @Override
            @WithDefault("4000")
            int burst();

            @Override
            @WithDefault("10000")
            int eventsPerSecond();

            @Override
            @WithDefault("20000")
            int eventBurst();
        }

        /** Budget of one remote address without a valid token. */
        interface Anonymous extends Requests {
            @Override
            @WithDefault("20")
            int requestsPerSecond();

            @Override
            @WithDefault("40")
            int burst();
        }
    }

    Readiness readiness();

    /** When the engine reports ready: Redis projections complete and caught up. */
    interface Readiness {
        /**
         * Most records any projection (and Kafka Streams, on its inputs) may trail the end of its
         * topics while the engine reports ready; 0 = only when fully caught up.
         */
        @WithDefault("1000")
        long maxLag();
    }

    /** The embedded default: a broker and Redis started by the engine itself. */
    interface Embedded {
        /** Start embedded servers for whatever is not configured externally. */
        @WithDefault("true")
        boolean enabled();

        /** Port of the embedded broker; 0 picks a free one. */
        @WithDefault("9092")
        int kafkaPort();

        /** Port of the embedded Redis; 0 picks a free one. */
        @WithDefault("6379")
        int redisPort();

        /** Use a fresh directory under the data directory for this run (tests). */
        @WithDefault("false")
        boolean ephemeral();
    }

    /** REST intake of shopper events. */
    interface Ingest {
        /** Most events in one request. */
        @WithDefault("1000")
        int maxBatch();

        /** Largest request body accepted by {@code POST /v1/events}, in bytes. */
        @WithDefault("1048576")
        int maxBodyBytes();

        /** How far in the future {@code occurredAt} may lie (clock skew of clients). */
        @WithDefault("PT5M")
        Duration maxClockSkew();

        /** How far in the past {@code occurredAt} may lie (late uploads); older events are refused. */
        @WithDefault("P30D")
        Duration maxEventAge();

        /** Most entries in an event's {@code context} map. */
        @WithDefault("20")
        int maxContextEntries();

        /** How long a publish may wait for the broker's acknowledgement before the request fails with 503. */
        @WithDefault("PT10S")
        Duration publishTimeout();
    }

    /** Kafka Streams settings shared by every feature topology. */
    interface Streams {
        /** How long an event id is remembered for de-duplication. */
        @WithDefault("P7D")
        Duration dedupeRetention();

        /** Where state stores live: ROCKSDB for the engine, IN_MEMORY for replays and topology tests. */
        @WithDefault("ROCKSDB")
        StoreKind storeKind();

        /** Partitions of the topics the engine creates. */
        @WithDefault("4")
        int partitions();

        /** Replication factor of the topics the engine creates (1 on the embedded broker). */
        @WithDefault("1")
        short replicationFactor();
    }

    /** Per-shopper activity. */
    interface Activity {
        /** How many distinct recent item ids an activity keeps. */
        @WithDefault("50")
        int recentItems();
    }

    /** Points ledger, redemptions and the gift shop. */
    interface Points {
        /** How long a redemption or exchange call waits for the ledger's decision before answering 202. */
        @WithDefault("PT5S")
        Duration replyTimeout();

        /** How long an Idempotency-Key and its decision are remembered in Redis. */
        @WithDefault("P7D")
        Duration idempotencyRetention();

        /** Most ledger entries kept per shopper in the Redis history (the ledger topic keeps all). */
        @WithDefault("1000")
        int historyLimit();

        /**
         * Secret (at least 16 bytes) that coupon codes are keyed with; every instance of a deployment needs
         * the same one. Unset: the engine creates one in {@code <data dir>/keys/coupon-secret} on first start.
         */
        Optional<String> couponSecret();
    }

    /** The catalog. */
    interface Catalog {
        /** Most items in one {@code POST /v1/catalog/items:batch}. */
        @WithDefault("500")
        int maxBatch();
    }

    /** Per-shopper preference profiles. */
    interface Profile {
        /** Weight of a view. */
        @WithDefault("1")
        double weightView();

        /** Weight of a click. */
        @WithDefault("2")
        double weightClick();

        /** Weight of an add-to-cart. */
        @WithDefault("4")
        double weightCart();

        /** Weight of a purchase. */
        @WithDefault("8")
        double weightPurchase();

        /** Weight of a share. */
        @WithDefault("3")
        double weightShare();

        /** Weight of a remove-from-cart (negative lowers affinities). */
        @WithDefault("-1")
        double weightRemoveFromCart();

        /** Weight of a refund (negative lowers affinities). */
        @WithDefault("-4")
        double weightRefund();

        /** A review adds weightReview * (rating - 3) / 2. */
        @WithDefault("6")
        double weightReview();

        /** Half-life of every affinity. */
        @WithDefault("P14D")
        Duration halfLife();

        /** Recent distinct items kept per shopper (N). */
        @WithDefault("50")
        int recentItems();

        /** Purchased distinct items kept per shopper. */
        @WithDefault("100")
        int purchasedItems();

        /** Engagements with items not yet in the catalog kept per shopper. */
        @WithDefault("20")
        int pendingItems();

        /** Category levels kept per shopper. */
        @WithDefault("40")
        int maxCategories();

        /** Brands kept per shopper. */
        @WithDefault("30")
        int maxBrands();

        /** Width of a price band as a ratio of its bounds. */
        @WithDefault("1.25")
        double priceBandRatio();
    }

    /** Streaming item-item similarity. */
    interface Similarity {
        /**
         * An engaged item is paired with at most this many of the shopper's recent items. Each pair
         * is two records through the similarity repartition; 5 scored within 0.001 of 10 and 20
         * (docs/evaluation.md) at half the processing cost of 10.
         */
        @WithDefault("5")
        int pairItems();

        /** ... engaged within this time before it. */
        @WithDefault("PT24H")
        Duration pairWindow();

        /** Pair weight divided by distance^this (1 = the previous item). */
        @WithDefault("1.0")
        double distanceDecay();

        /** Top-K neighbours published per item. */
        @WithDefault("50")
        int neighbours();

        /** Neighbour candidates tracked per item (at least K). */
        @WithDefault("100")
        int candidates();

        /** Changed neighbour lists are published at most this often. */
        @WithDefault("PT0.1S")
        Duration emitInterval();
    }

    /** Time-decayed popularity. */
    interface Trending {
        /** Half-life of popularity. */
        @WithDefault("P1D")
        Duration halfLife();

        /** Items kept in each Redis trending list (global and per top-level category). */
        @WithDefault("1000")
        int keep();
    }

    /** Recommendation serving and ranking. */
    interface Recommend {
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
    }
}
