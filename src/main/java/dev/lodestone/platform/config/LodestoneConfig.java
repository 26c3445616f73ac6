package dev.lodestone.platform.config;

import dev.lodestone.platform.kafka.streams.StoreKind;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;

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

    Embedded embedded();

    Ingest ingest();

    Streams streams();

    Activity activity();

    Log log();

    Points points();

    /** Logging. */
    interface Log {
        /** One JSON object per console line (on in the prod profile). */
        @WithDefault("false")
        boolean json();
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
    }
}
