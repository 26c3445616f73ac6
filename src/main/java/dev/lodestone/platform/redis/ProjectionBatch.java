package dev.lodestone.platform.redis;

import dev.lodestone.platform.projection.ProjectionProgress;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.jboss.logging.Logger;

/**
 * Projects one polled batch of a state topic (every record the whole new state of its key) into
 * Redis: only the last record of each key is written, several keys at a time, each until written
 * ({@link ProjectionRetry}). The batch is acknowledged when every write is done, so a crash replays
 * the batch and the projections' version checks make that safe. Once written, the batch counts as
 * applied for the readiness and rebuild measurements ({@link ProjectionProgress}).
 *
 * <p>One record at a time, a projection waited a Redis round trip per record and capped the whole
 * pipeline at about 1,200 events/s (docs/benchmarks.md); a hot key is also written once per batch
 * instead of once per change.
 *
 * <p>Each write's own work (decoding the record, a candidate ranking, encoding the value) runs on the
 * projection threads ({@link #WORKERS}), not on the event loop that delivered the batch or completed the
 * previous write: those loops also serve the HTTP requests, and a batch of a few hundred changed shoppers'
 * rankings held one of them as long as it took, while every request on that loop waited. On threads of
 * their own the operating system interleaves the projections with the requests instead
 * (docs/benchmarks.md, "The projections off the event loops").
 */
public final class ProjectionBatch {

    /** Writes in flight per batch: enough to hide the round trip, few enough to leave the pool to reads. */
    static final int CONCURRENCY = 8;

    private static final Logger LOG = Logger.getLogger(ProjectionBatch.class);

    /**
     * The projection threads: one per core, daemons (a write in flight at exit is replayed from Kafka).
     * A write holds one only while it computes, not while Redis answers.
     */
    static final Executor WORKERS = Executors.newFixedThreadPool(
            Runtime.getRuntime().availableProcessors(),
            Thread.ofPlatform().name("lodestone-projection-", 0).daemon().factory());

    private ProjectionBatch() {}

    /**
     * Writes the last record of each key. A tombstone followed by a later record of the same key is
     * written first, then that record: a delete is never skipped (a forgotten shopper who came back
     * within one batch starts again at version 1, which the stale document would otherwise outrank).
     */
    public static <V> Uni<Void> lastPerKey(
            ConsumerRecords<String, V> records, Function<ConsumerRecord<String, V>, Uni<?>> write) {
        // Per key: the latest tombstone, and the latest record.
        Map<String, List<ConsumerRecord<String, V>>> seen = new LinkedHashMap<>();
        for (ConsumerRecord<String, V> record : records) {
            if (record.key() == null) {
                continue;
            }
            List<ConsumerRecord<String, V>> pair = seen.remove(record.key());
            ConsumerRecord<String, V> tombstone = record.value() == null ? record : pair == null ? null : pair.get(0);
            List<ConsumerRecord<String, V>> next = new ArrayList<>(2);
            next.add(tombstone);
            next.add(record);
            seen.put(record.key(), next);
        }
        List<List<ConsumerRecord<String, V>>> last = new ArrayList<>(seen.size());
        for (List<ConsumerRecord<String, V>> pair : seen.values()) {
            ConsumerRecord<String, V> tombstone = pair.get(0);
            ConsumerRecord<String, V> record = pair.get(1);
            last.add(tombstone == null || tombstone == record ? List.of(record) : List.of(tombstone, record));
        }
        if (last.isEmpty()) {
            return Uni.createFrom().voidItem().invoke(() -> ProjectionProgress.applied(records));
        }
        return Multi.createFrom()
                .iterable(last)
                .onItem()
                .transformToUni(sameKey -> inOrder(sameKey, write))
                .merge(CONCURRENCY)
                .collect()
                .last()
                .replaceWithVoid()
                .invoke(() -> ProjectionProgress.applied(records));
    }

    /**
     * Writes the last record of each key in groups of at most {@code groupSize}, each group in ONE write
     * retried until done: for projections whose records merge into a few shared Redis values (items into
     * ranked lists), where one script per group replaces a round trip per key. The write decides what a
     * tombstone or an unreadable record means for it.
     */
    public static <V> Uni<Void> lastPerKeyGrouped(
            ConsumerRecords<String, V> records,
            int groupSize,
            Function<List<ConsumerRecord<String, V>>, Uni<?>> writeGroup) {
        Map<String, ConsumerRecord<String, V>> last = new LinkedHashMap<>();
        for (ConsumerRecord<String, V> record : records) {
            if (record.key() != null) {
                last.remove(record.key());
                last.put(record.key(), record);
            }
        }
        List<ConsumerRecord<String, V>> ordered = new ArrayList<>(last.values());
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int from = 0; from < ordered.size(); from += groupSize) {
            List<ConsumerRecord<String, V>> group = ordered.subList(from, Math.min(ordered.size(), from + groupSize));
            chain = chain.chain(() -> ProjectionRetry.untilWritten(offLoop(() -> writeGroup.apply(group)))
                    .replaceWithVoid());
        }
        return chain.invoke(() -> ProjectionProgress.applied(records));
    }

    /**
     * Writes every record of the batch, several at a time: for projections where each record adds
     * something (a ledger entry to a history), whose writes are idempotent and commute.
     */
    public static <V> Uni<Void> every(
            ConsumerRecords<String, V> records, Function<ConsumerRecord<String, V>, Uni<?>> write) {
        return writeAll(records, write).invoke(() -> ProjectionProgress.applied(records));
    }

    /**
     * The record's write, or nothing when the record cannot be read: a value this projection cannot
     * decode (written to the topic by something other than the engine) would otherwise fail every
     * retry of the batch and stop the channel for good. Redis failures are not caught here: they
     * arrive as failed writes, which are retried.
     */
    static <V> Uni<?> writeOrSkip(Function<ConsumerRecord<String, V>, Uni<?>> write, ConsumerRecord<String, V> record) {
        try {
            return write.apply(record);
        } catch (RuntimeException unreadable) {
            skipped(record, unreadable);
            return Uni.createFrom().voidItem();
        }
    }

    /** Logs a record left out because it cannot be read: the projection goes on without it. */
    public static void skipped(ConsumerRecord<?, ?> record, RuntimeException unreadable) {
        LOG.warnf(
                "Skipped %s-%d@%d: the record cannot be projected (%s)",
                record.topic(),
                record.partition(),
                record.offset(),
                unreadable.getClass().getSimpleName());
    }

    /**
     * Writes every record of the batch, each key's records one after the other in their offset order,
     * several keys at a time: for projections where a later record undoes an earlier one of the same
     * key (a forgotten shopper's entries, then the forget), so a replay or a redelivery converges to
     * what the topic says.
     */
    public static <V> Uni<Void> inOrderPerKey(
            ConsumerRecords<String, V> records, Function<ConsumerRecord<String, V>, Uni<?>> write) {
        Map<String, List<ConsumerRecord<String, V>>> byKey = new LinkedHashMap<>();
        for (ConsumerRecord<String, V> record : records) {
            byKey.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(record);
        }
        if (byKey.isEmpty()) {
            return Uni.createFrom().voidItem().invoke(() -> ProjectionProgress.applied(records));
        }
        return Multi.createFrom()
                .iterable(byKey.values())
                .onItem()
                .transformToUni(sameKey -> inOrder(sameKey, write))
                .merge(CONCURRENCY)
                .collect()
                .last()
                .replaceWithVoid()
                .invoke(() -> ProjectionProgress.applied(records));
    }

    private static <V> Uni<Void> inOrder(
            List<ConsumerRecord<String, V>> sameKey, Function<ConsumerRecord<String, V>, Uni<?>> write) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (ConsumerRecord<String, V> record : sameKey) {
            // Deferred: a write starts only once the previous one of the key is done.
            chain = chain.chain(() -> ProjectionRetry.untilWritten(offLoop(() -> writeOrSkip(write, record)))
                    .replaceWithVoid());
        }
        return chain;
    }

    private static <V> Uni<Void> writeAll(
            Iterable<ConsumerRecord<String, V>> records, Function<ConsumerRecord<String, V>, Uni<?>> write) {
        if (!records.iterator().hasNext()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom()
                .iterable(records)
                .onItem()
                .transformToUni(record -> ProjectionRetry.untilWritten(offLoop(() -> writeOrSkip(write, record))))
                .merge(CONCURRENCY)
                .collect()
                .last()
                .replaceWithVoid();
    }

    /** A write computed on a projection thread when subscribed (again on each retry). */
    private static Uni<Object> offLoop(Supplier<Uni<?>> write) {
        return Uni.createFrom().<Object>deferred(write::get).runSubscriptionOn(WORKERS);
    }
}
