package dev.lodestone.platform.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** A record a projection cannot read is skipped; it never fails the batch it came in. Order per key when asked. */
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

    private static List<String> only(List<String> values, String prefix) {
        return values.stream().filter(v -> v.startsWith(prefix)).toList();
    }

    private static ConsumerRecord<String, String> record(long offset, String value) {
        return new ConsumerRecord<>("points-commands", 0, offset, "k", value);
    }
}
