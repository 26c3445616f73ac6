package dev.lodestone.platform.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * A record a projection cannot read is skipped; it never fails the batch it came in. Order per key when asked.
 * Writes are computed off the event loops.
 */
class ProjectionBatchTest {

    private final List<String> written = new ArrayList<>();

    private final Function<ConsumerRecord<String, String>, Uni<?>> decodeThenWrite = record -> {
        if (!record.value().startsWith("{")) {
            throw new IllegalArgumentException("Cannot deserialize " + record.value());
        }
        return Uni.createFrom().item(() -> written.add(record.value()));
    };

    @Test
    void shouldSkipARecordThatCannotBeDecodedInsteadOfFailingTheBatch() {
        Object skipped = ProjectionBatch.writeOrSkip(decodeThenWrite, record(0, "garbage"))
                .await()
                .indefinitely();
        ProjectionBatch.writeOrSkip(decodeThenWrite, record(1, "{\"ok\":true}"))
                .await()
                .indefinitely();

        assertNull(skipped);
        assertEquals(List.of("{\"ok\":true}"), written);
    }

    @Test
    void shouldWriteTheRecordsOfAKeyInTheirOrderEvenWhenEarlierWritesAreSlower() {
        List<String> done = Collections.synchronizedList(new ArrayList<>());
        List<ConsumerRecord<String, String>> batch = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            batch.add(new ConsumerRecord<>("points-ledger", 0, i, "u:ann", "ann-" + i));
            batch.add(new ConsumerRecord<>("points-ledger", 0, 100 + i, "u:bob", "bob-" + i));
        }
        ConsumerRecords<String, String> records =
                new ConsumerRecords<>(Map.of(new TopicPartition("points-ledger", 0), batch), Map.of());

        ProjectionBatch.inOrderPerKey(
                        records,
                        record -> Uni.createFrom()
                                .item(record.value())
                                .onItem()
                                // The first record of a key is the slowest to write.
                                .delayIt()
                                .by(Duration.ofMillis(50 - 10 * (record.offset() % 100)))
                                .invoke(done::add))
                .await()
                .atMost(Duration.ofSeconds(30));

        assertEquals(List.of("ann-0", "ann-1", "ann-2", "ann-3", "ann-4"), only(done, "ann"));
        assertEquals(List.of("bob-0", "bob-1", "bob-2", "bob-3", "bob-4"), only(done, "bob"));
    }

    @Test
    void shouldWriteADeleteBeforeTheLaterRecordOfTheSameKeyInsteadOfSkippingIt() {
        List<String> done = Collections.synchronizedList(new ArrayList<>());
        List<ConsumerRecord<String, String>> batch = List.of(
                new ConsumerRecord<>("shopper-activity", 0, 0, "u:ann", "ann-v1"),
                new ConsumerRecord<>("shopper-activity", 0, 1, "u:bob", "bob-v1"),
                new ConsumerRecord<>("shopper-activity", 0, 2, "u:ann", null),
                new ConsumerRecord<>("shopper-activity", 0, 3, "u:bob", "bob-v2"),
                new ConsumerRecord<>("shopper-activity", 0, 4, "u:ann", "ann-again-v1"),
                new ConsumerRecord<>("shopper-activity", 0, 5, "u:ann", "ann-again-v2"),
                new ConsumerRecord<>("shopper-activity", 0, 6, "u:cid", "cid-v1"),
                new ConsumerRecord<>("shopper-activity", 0, 7, "u:cid", null));
        ConsumerRecords<String, String> records =
                new ConsumerRecords<>(Map.of(new TopicPartition("shopper-activity", 0), batch), Map.of());

        ProjectionBatch.lastPerKey(
                        records,
                        record -> Uni.createFrom()
                                .item(record.key() + "=" + record.value())
                                .onItem()
                                // A delete is the slowest write: what follows it must still wait for it.
                                .delayIt()
                                .by(Duration.ofMillis(record.value() == null ? 50 : 1))
                                .invoke(done::add))
                .await()
                .atMost(Duration.ofSeconds(30));

        assertEquals(List.of("u:ann=null", "u:ann=ann-again-v2"), only(done, "u:ann"));
        assertEquals(List.of("u:bob=bob-v2"), only(done, "u:bob"), "only the last record otherwise");
        assertEquals(List.of("u:cid=null"), only(done, "u:cid"));
    }

    @Test
    void shouldComputeEveryWriteOnAProjectionThreadInsteadOfTheEventLoopThatDeliveredTheBatch() throws Exception {
        List<ConsumerRecord<String, String>> batch = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            batch.add(new ConsumerRecord<>("shopper-profiles", 0, i, "u:" + i, "{\"v\":" + i + "}"));
        }
        ConsumerRecords<String, String> records =
                new ConsumerRecords<>(Map.of(new TopicPartition("shopper-profiles", 0), batch), Map.of());
        List<String> computedOn = Collections.synchronizedList(new ArrayList<>());
        Vertx vertx = Vertx.vertx();
        try {
            CompletableFuture<Void> projected = new CompletableFuture<>();
            // As SmallRye delivers a batch: on an event loop, which the HTTP requests share.
            vertx.runOnContext(ignored -> ProjectionBatch.lastPerKey(records, record -> {
                        computedOn.add(
                                Context.isOnEventLoopThread()
                                        ? "event loop"
                                        : Thread.currentThread().getName());
                        return Uni.createFrom().voidItem();
                    })
                    .subscribe()
                    .with(projected::complete, projected::completeExceptionally));
            projected.get(30, TimeUnit.SECONDS);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }

        assertEquals(20, computedOn.size());
        assertTrue(
                computedOn.stream().allMatch(thread -> thread.startsWith("lodestone-projection-")),
                () -> "computed on " + computedOn);
    }

    private static List<String> only(List<String> values, String prefix) {
        return values.stream().filter(v -> v.startsWith(prefix)).toList();
    }

    private static ConsumerRecord<String, String> record(long offset, String value) {
        return new ConsumerRecord<>("points-commands", 0, offset, "k", value);
    }
}
