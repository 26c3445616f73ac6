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

    private static List<String> only(List<String> values, String prefix) {
        return values.stream().filter(v -> v.startsWith(prefix)).toList();
    }

    private static ConsumerRecord<String, String> record(long offset, String value) {
        return new ConsumerRecord<>("points-commands", 0, offset, "k", value);
    }
}
