package dev.lodestone.platform.kafka.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;

class StoreKindTest {

    @Test
    void aKeyWrittenSeveralTimesBeforeACommitReachesItsChangelogOnce() {
        List<KeyValue<String, String>> changelog =
                RepeatedWrites.changelog(StoreKind.IN_MEMORY.keyValue(RepeatedWrites.STORE, Serdes.String()));

        assertEquals(List.of(KeyValue.pair("a", "3"), KeyValue.pair("b", "1"), KeyValue.pair("a", "5")), changelog);
    }
}
