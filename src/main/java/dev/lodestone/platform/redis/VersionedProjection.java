package dev.lodestone.platform.redis;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * Writes a versioned JSON document to a Redis hash ({@code v}, {@code d}) only if its version is
 * newer than the stored one, in one script so the compare and the set cannot interleave. Replays,
 * redeliveries and rebalances therefore never move a served value backwards.
 */
public final class VersionedProjection {

    public static final String DATA_FIELD = "d";

    private static final LuaScript COMPARE_AND_SET = LuaScript.load("versioned-compare-and-set");

    private final ReactiveRedisDataSource redis;

    public VersionedProjection(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    /** Emits true when written, false when the stored version was already as new. */
    public Uni<Boolean> write(String key, long version, String json) {
        return COMPARE_AND_SET
                .run(redis, List.of(key), List.of(String.valueOf(version), json))
                .map(response -> response.toInteger() == 1);
    }

    /** The stored document, or null. */
    public Uni<String> read(String key) {
        return redis.hash(String.class).hget(key, DATA_FIELD);
    }
}
