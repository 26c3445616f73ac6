package dev.lodestone.platform.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

class RecurringValueSerdeTest {

    private final AtomicInteger decoded = new AtomicInteger();

    private Deserializer<StringBuilder> deserializer(int capacity) {
        return new RecurringValueSerde<>(
                        Serdes.serdeFrom(
                                (topic, value) -> value.toString().getBytes(StandardCharsets.UTF_8), (topic, bytes) -> {
                                    decoded.incrementAndGet();
                                    return new StringBuilder(new String(bytes, StandardCharsets.UTF_8));
                                }),
                        capacity)
                .deserializer();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void equalBytesAreDecodedOnceAndAnsweredWithTheSameValue() {
        Deserializer<StringBuilder> items = deserializer(10);
        StringBuilder first = items.deserialize("t", bytes("phone"));
        assertSame(first, items.deserialize("t", bytes("phone")));
        assertEquals(1, decoded.get());
    }

    @Test
    void changedBytesAreDecodedAgain() {
        Deserializer<StringBuilder> items = deserializer(10);
        StringBuilder before = items.deserialize("t", bytes("{\"stock\":1}"));
        StringBuilder after = items.deserialize("t", bytes("{\"stock\":0}"));
        assertNotSame(before, after);
        assertEquals("{\"stock\":0}", after.toString());
        assertEquals(2, decoded.get());
    }

    @Test
    void keepsAtMostItsCapacity() {
        Deserializer<StringBuilder> items = deserializer(2);
        items.deserialize("t", bytes("a"));
        items.deserialize("t", bytes("b"));
        items.deserialize("t", bytes("c")); // past the capacity: the memo starts again with c
        items.deserialize("t", bytes("a"));
        assertEquals(4, decoded.get());
        items.deserialize("t", bytes("c"));
        assertEquals(4, decoded.get());
    }
}
