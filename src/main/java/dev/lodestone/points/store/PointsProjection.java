package dev.lodestone.points.store;

import dev.lodestone.platform.config.LodestoneConfig;
import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.platform.redis.LuaScript;
import dev.lodestone.platform.redis.ProjectionRetry;
import dev.lodestone.platform.redis.RedisKeys;
import dev.lodestone.platform.redis.VersionedProjection;
import dev.lodestone.points.Decision;
import dev.lodestone.points.Gift;
import dev.lodestone.points.LedgerEntry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.Record;
import io.vertx.redis.client.Command;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Projects {@code points-ledger}, {@code points-gifts} and {@code points-replies} into Redis, where
 * the API reads. Every write is idempotent: redelivered records change nothing and a balance never
 * moves back to an older version.
 */
@ApplicationScoped
public class PointsProjection {

    public static final String LEDGER_CHANNEL = "points-ledger-projection";
    public static final String GIFT_CHANNEL = "points-gift-projection";
    public static final String DECISION_CHANNEL = "points-decision-projection";

    /** Adds the entry to the history (idempotent: same member, same score) and the balance if newer. */
    private static final LuaScript APPLY_ENTRY = LuaScript.load("points-apply-entry");

    // Every write is idempotent, so a Redis hiccup is retried rather than stopping the channel.

    /** A served balance. */
    public record Balance(String userId, long balance, java.time.Instant asOf, long version) {}

    private final ReactiveRedisDataSource redis;
    private final VersionedProjection versioned;
    private final LodestoneConfig.Points config;

    PointsProjection(ReactiveRedisDataSource redis, LodestoneConfig config) {
        this.redis = redis;
        this.versioned = new VersionedProjection(redis);
        this.config = config.points();
    }

    @Incoming(LEDGER_CHANNEL)
    public Uni<Void> ledger(Record<String, String> record) throws IOException {
        if (record.value() == null) {
            return Uni.createFrom().voidItem();
        }
        LedgerEntry entry = JsonSerde.MAPPER.readValue(record.value(), LedgerEntry.class);
        String balance = JsonSerde.MAPPER.writeValueAsString(
                new Balance(entry.userId(), entry.balanceAfter(), entry.time(), entry.version()));
        return ProjectionRetry.untilWritten(APPLY_ENTRY.run(
                        redis,
                        List.of(RedisKeys.pointsBalance(entry.userId()), RedisKeys.pointsHistory(entry.userId())),
                        List.of(
                                String.valueOf(entry.version()),
                                balance,
                                record.value(),
                                String.valueOf(config.historyLimit()))))
                .replaceWithVoid();
    }

    @Incoming(GIFT_CHANNEL)
    public Uni<Void> gift(Record<String, String> record) throws IOException {
        if (record.value() == null) {
            return Uni.createFrom().voidItem();
        }
        Gift gift = JsonSerde.MAPPER.readValue(record.value(), Gift.class);
        return ProjectionRetry.untilWritten(versioned
                        .write(RedisKeys.gift(gift.giftId()), gift.version(), record.value())
                        .chain(() -> redis.set(String.class).sadd(RedisKeys.GIFT_IDS, gift.giftId())))
                .replaceWithVoid();
    }

    @Incoming(DECISION_CHANNEL)
    public Uni<Void> decision(Record<String, String> record) throws IOException {
        if (record.value() == null) {
            return Uni.createFrom().voidItem();
        }
        Decision decision = JsonSerde.MAPPER.readValue(record.value(), Decision.class);
        // A refusal of a reused key is an answer to the second caller only; the request keeps its own decision.
        if ("idempotency_key_reused".equals(decision.code())) {
            return Uni.createFrom().voidItem();
        }
        return ProjectionRetry.untilWritten(redis.execute(
                        Command.SET,
                        RedisKeys.pointsDecision(decision.requestId()),
                        record.value(),
                        "EX",
                        String.valueOf(config.idempotencyRetention().toSeconds())))
                .replaceWithVoid();
    }
}
