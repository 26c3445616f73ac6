package dev.lodestone.points.store;

import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.platform.kafka.streams.EventTime;
import dev.lodestone.platform.metrics.LodestoneMetrics;
import dev.lodestone.platform.projection.RedisProjection;
import dev.lodestone.platform.redis.ForgettableProjection;
import dev.lodestone.platform.redis.LuaScript;
import dev.lodestone.platform.redis.ProjectionBatch;
import dev.lodestone.points.Decision;
import dev.lodestone.points.LedgerEntry;
import dev.lodestone.points.PointsCommand;
import dev.lodestone.points.PointsConfig;
import dev.lodestone.points.PointsKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.redis.client.Command;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Projects {@code points-ledger}, {@code points-replies}, {@code points-rules} and the
 * Idempotency-Keys of {@code points-commands} into Redis, where the
 * API reads. Every write is idempotent: redelivered or replayed records change nothing, a balance
 * never moves back to an older version, and what expires expires at the same moment when replayed
 * (record time plus the retention, not projection time plus the retention).
 */
@ApplicationScoped
public class PointsProjection implements RedisProjection {

    public static final String LEDGER_CHANNEL = "points-ledger-projection";
    public static final String DECISION_CHANNEL = "points-decision-projection";
    public static final String RULES_CHANNEL = "points-rules-projection";
    public static final String IDEMPOTENCY_CHANNEL = "points-idempotency-projection";
    /** The {@code view} tag of the freshness of balances and histories. */
    public static final String VIEW = "points";

    /** Adds the entry to the history (idempotent: same member, same score) and the balance if newer. */
    private static final LuaScript APPLY_ENTRY = LuaScript.load("points-apply-entry");

    /** Deletes a forgotten shopper's balance and history and leaves the forgotten marker. */
    private static final LuaScript FORGET = LuaScript.load("points-forget");

    // Every write is idempotent, so a Redis hiccup is retried rather than stopping the channel.

    /** A served balance. */
    public record Balance(String userId, long balance, java.time.Instant asOf, long version) {}

    private final ReactiveRedisDataSource redis;
    private final PointsConfig config;
    private final LodestoneMetrics.Freshness freshness;

    PointsProjection(ReactiveRedisDataSource redis, PointsConfig config, LodestoneMetrics metrics) {
        this.redis = redis;
        this.config = config;
        this.freshness = metrics.freshness(VIEW);
    }

    @Override
    public List<String> channels() {
        return List.of(LEDGER_CHANNEL, DECISION_CHANNEL, RULES_CHANNEL, IDEMPOTENCY_CHANNEL);
    }

    /**
     * Every entry, each into the history, a shopper's entries in their order: the entry that closes a
     * forgotten account deletes what the ones before it wrote, and the next account starts at version 1.
     */
    @Incoming(LEDGER_CHANNEL)
    public Uni<Void> ledger(ConsumerRecords<String, String> records) {
        return ProjectionBatch.inOrderPerKey(records, this::ledgerEntry);
    }

    /** In order per request: a forgotten shopper's request ends with the decision that names no one. */
    @Incoming(DECISION_CHANNEL)
    public Uni<Void> decision(ConsumerRecords<String, String> records) {
        return ProjectionBatch.inOrderPerKey(records, this::decision);
    }

    @Incoming(RULES_CHANNEL)
    public Uni<Void> rules(ConsumerRecords<String, String> records) {
        return ProjectionBatch.lastPerKey(records, this::rules);
    }

    /**
     * The first body fingerprint of each Idempotency-Key, as the request path remembered it: every
     * command on the topic carries it, and the request path sends none for a reused key.
     */
    @Incoming(IDEMPOTENCY_CHANNEL)
    public Uni<Void> idempotency(ConsumerRecords<String, String> records) {
        return ProjectionBatch.every(records, this::idempotencyKey);
    }

    private Uni<?> ledgerEntry(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return Uni.createFrom().voidItem();
        }
        LedgerEntry entry = JsonSerde.read(record.value(), LedgerEntry.class);
        if (entry.type() == LedgerEntry.Type.forgotten) {
            return FORGET.run(
                    redis,
                    List.of(
                            PointsKeys.pointsBalance(entry.userId()),
                            PointsKeys.pointsHistory(entry.userId()),
                            PointsKeys.pointsForgotten(entry.userId())),
                    List.of(
                            String.valueOf(EventTime.micros(entry.time())),
                            String.valueOf(ForgettableProjection.MARKER_LIFETIME.toSeconds())));
        }
        String balance;
        try {
            balance = JsonSerde.MAPPER.writeValueAsString(
                    new Balance(entry.userId(), entry.balanceAfter(), entry.time(), entry.version()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Duration ttl = config.redisTtl();
        long expireAt = ttl.isZero() || ttl.isNegative()
                ? 0
                : Math.max(1, entry.time().plus(ttl).getEpochSecond());
        return APPLY_ENTRY
                .run(
                        redis,
                        List.of(
                                PointsKeys.pointsBalance(entry.userId()),
                                PointsKeys.pointsHistory(entry.userId()),
                                PointsKeys.pointsForgotten(entry.userId())),
                        List.of(
                                String.valueOf(entry.version()),
                                balance,
                                record.value(),
                                String.valueOf(config.historyLimit()),
                                String.valueOf(EventTime.micros(entry.time())),
                                String.valueOf(expireAt)))
                .invoke(() -> freshness.visibleSince(record.timestamp()));
    }

    private Uni<?> decision(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return Uni.createFrom().voidItem();
        }
        Decision decision = JsonSerde.read(record.value(), Decision.class);
        // A refusal of a reused key is an answer to the second caller only; the request keeps its own decision.
        if ("idempotency_key_reused".equals(decision.code())) {
            return Uni.createFrom().voidItem();
        }
        long expireAt = expireAt(record);
        if (expireAt <= Instant.now().getEpochSecond()) {
            return Uni.createFrom().voidItem();
        }
        return redis.execute(
                Command.SET,
                PointsKeys.pointsDecision(decision.requestId()),
                record.value(),
                "EXAT",
                String.valueOf(expireAt));
    }

    private Uni<?> rules(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return redis.key().del(PointsKeys.POINTS_RULES);
        }
        return redis.value(String.class).set(PointsKeys.POINTS_RULES, record.value());
    }

    private Uni<?> idempotencyKey(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return Uni.createFrom().voidItem();
        }
        PointsCommand command = JsonSerde.read(record.value(), PointsCommand.class);
        if (command.type() != PointsCommand.Type.REDEEM) {
            return Uni.createFrom().voidItem();
        }
        return rememberFingerprint(command.requestId(), command.fingerprint(), record.timestamp());
    }

    /**
     * Remembers the first body fingerprint of an Idempotency-Key, projected from the command that
     * carried it (ledger and gift shop commands alike), until the command's time plus the retention.
     */
    public Uni<?> rememberFingerprint(String requestId, String fingerprint, long commandTimestampMs) {
        long expireAt = Instant.ofEpochMilli(commandTimestampMs)
                .plus(config.idempotencyRetention())
                .getEpochSecond();
        if (requestId == null
                || fingerprint == null
                || expireAt <= Instant.now().getEpochSecond()) {
            return Uni.createFrom().voidItem();
        }
        return redis.execute(
                Command.SET,
                PointsKeys.pointsIdempotency(requestId),
                fingerprint,
                "NX",
                "EXAT",
                String.valueOf(expireAt));
    }

    /** When a record's decision or key expires: its time plus the retention, replayed or not. */
    private long expireAt(ConsumerRecord<String, String> record) {
        return Instant.ofEpochMilli(record.timestamp())
                .plus(config.idempotencyRetention())
                .getEpochSecond();
    }
}
