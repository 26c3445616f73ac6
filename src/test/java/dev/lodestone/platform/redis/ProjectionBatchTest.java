package dev.lodestone.platform.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** A record a projection cannot read is skipped; it never fails the batch it came in. */
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

    private static ConsumerRecord<String, String> record(long offset, String value) {
        return new ConsumerRecord<>("points-commands", 0, offset, "k", value);
    }
}
