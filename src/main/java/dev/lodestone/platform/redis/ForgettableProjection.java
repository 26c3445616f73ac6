package dev.lodestone.platform.redis;

import dev.lodestone.platform.kafka.streams.EventTime;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * A shopper's versioned document in a Redis hash ({@code v}, {@code d}, and {@code t}: the intake
 * time of its newest event), which expires when the shopper is inactive and can be forgotten.
 *
 * <p>Forgetting deletes the document and leaves a marker holding the forget time for
 * {@link #MARKER_LIFETIME}, so that a document built before the forget and written late (a consumer
 * that lost its partitions while a write was in flight) cannot resurrect the shopper, while the
 * first document built from an event received after the forget is written normally. The marker is
 * filed under a digest of the shopper key: no key or value left behind names the shopper.
 */
public final class ForgettableProjection {

    /** What every forgotten marker's key starts with. */
    public static final String MARKER_PREFIX = RedisKeys.PREFIX + "meta:forgotten:";

    /** How long the forgotten marker outlives the forget. */
    public static final Duration MARKER_LIFETIME = Duration.ofDays(1);

    private static final LuaScript WRITE = LuaScript.load("forgettable-compare-and-set");
    private static final LuaScript FORGET = LuaScript.load("forgettable-forget");

    private final ReactiveRedisDataSource redis;

    public ForgettableProjection(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    /**
     * Writes the document if it is newer than the stored one and was built after any recent forget.
     * Newer means a later {@code builtAt}, or the same one and a higher version: a shopper's next
     * life after a forget starts again at version 1, and the forget itself may never reach the
     * projection (the aggregate's record cache can coalesce its tombstone with the next change).
     *
     * @param builtAt intake time of the newest event in the document
     * @param ttl how long after {@code builtAt} the document expires; zero or negative keeps it
     * @return true when written
     */
    public Uni<Boolean> write(String key, String markerKey, long version, String json, Instant builtAt, Duration ttl) {
        if (builtAt == null) {
            builtAt = Instant.now();
        }
        return WRITE.run(
                        redis,
                        List.of(key, markerKey),
                        List.of(
                                String.valueOf(version),
                                json,
                                String.valueOf(micros(builtAt)),
                                String.valueOf(expireAt(builtAt, ttl))))
                .map(response -> response.toInteger() == 1);
    }

    /** Deletes the document unless it was built after {@code forgottenAt}, and leaves the marker. */
    public Uni<Void> forget(String key, String markerKey, Instant forgottenAt) {
        return FORGET.run(
                        redis,
                        List.of(key, markerKey),
                        List.of(String.valueOf(micros(forgottenAt)), String.valueOf(MARKER_LIFETIME.toSeconds())))
                .replaceWithVoid();
    }

    /**
     * The forgotten marker of a feature's shopper document:
     * {@code lodestone:meta:forgotten:<feature>:{<digest>}}. A marker is a write fence, not a
     * projection of a topic (a rebuild need not reproduce it), so it lives with the projections'
     * bookkeeping under {@code lodestone:meta:}; it carries the shopper's hash tag, so it shares a Redis
     * Cluster slot with the documents it fences ({@link #shopperKey}).
     */
    public static String markerKey(String feature, String shopperKey) {
        return MARKER_PREFIX + feature + ":" + shopperTag(shopperKey);
    }

    /**
     * A feature's key of one shopper, {@code <prefix>{<digest>}:<shopperKey>}: the digest is the hash
     * tag, so the shopper's documents and forgotten markers share one Redis Cluster slot (a script over
     * a document and its marker runs on one node) while shoppers spread over the cluster. The tag comes
     * right after the fixed prefix: braces in a shopper key cannot move it.
     */
    public static String shopperKey(String prefix, String shopperKey) {
        return prefix + shopperTag(shopperKey) + ":" + shopperKey;
    }

    /** The hash tag of a shopper's keys: {@code {<digest>}}. */
    public static String shopperTag(String shopperKey) {
        return "{" + digest(shopperKey) + "}";
    }

    /**
     * The forgotten marker of a feature whose shopper data shares a Redis Cluster hash tag with the
     * marker, so that one script can read both: {@code lodestone:meta:forgotten:<feature>:{<tag>}:<digest>}.
     *
     * @param digest the shopper key's {@link #digest}
     */
    public static String markerKey(String feature, String hashTag, String digest) {
        return MARKER_PREFIX + feature + ":{" + hashTag + "}:" + digest;
    }

    /**
     * The part of a marker key that stands for the shopper: a SHA-256 digest of the shopper key (128
     * bits, hex), so the marker can be found from the key without naming it.
     */
    public static String digest(String shopperKey) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(shopperKey.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Unix seconds the document expires at: from its newest event, so a replay expires it at the same moment. */
    static long expireAt(Instant builtAt, Duration ttl) {
        if (ttl == null || ttl.isZero() || ttl.isNegative()) {
            return 0;
        }
        // At least 1: 0 means "never" to the script, and any past time deletes the document.
        return Math.max(1, builtAt.plus(ttl).getEpochSecond());
    }

    private static long micros(Instant at) {
        return EventTime.micros(at);
    }
}
