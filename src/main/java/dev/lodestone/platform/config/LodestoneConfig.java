package dev.lodestone.platform.config;

import dev.lodestone.platform.kafka.streams.StoreKind;
import io.quarkus.arc.Unremovable;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The platform's settings; each feature maps its own under {@code lodestone.<feature>}. */
@Unremovable
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

    /** What this process runs: {@code all} (default), {@code streams} or {@code api} ({@link Role}). */
    @WithDefault("all")
    Role role();

    Embedded embedded();

    Streams streams();

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

    Metrics metrics();

    /** What {@code /q/metrics} carries beyond the engine's own meters, HTTP and the JVM. */
    interface Metrics {
        /**
         * Publish every Kafka client metric (per partition, per topic, per broker node, every client
         * internal); off, only the curated client-level ones (lag, commits, send errors) remain.
         */
        @WithDefault("false")
        boolean kafkaDetail();
    }

    Cors cors();

    /** Browsers calling the API from other origins (a storefront's web app with shopper tokens). */
    interface Cors {
        /**
         * Origins allowed to call the API from a browser ({@code https://shop.example.com}, comma
         * separated; {@code /regex/} for a pattern); unset, no other origin is allowed. Mapped onto
         * {@code quarkus.http.cors.origins}.
         */
        Optional<List<String>> origins();
    }

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
}
