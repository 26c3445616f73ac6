package dev.lodestone.similarity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lodestone.platform.kafka.JsonSerde;
import java.util.List;
import org.junit.jupiter.api.Test;

class ItemSignalSerdeTest {

    private static final ItemSignal ENGAGED = ItemSignal.engaged(
            "item-7",
            2.5,
            List.of(new ItemSignal.Pair("配件-9", 1.0 / 3, true), new ItemSignal.Pair("item-1", 0.125, false)),
            1_764_000_000_123L,
            "电子产品");
    private static final ItemSignal PAIR = ItemSignal.pair("item-1", "item-7", 0.125, true, 1_764_000_000_123L);

    private final ItemSignalSerde serde = new ItemSignalSerde();

    @Test
    void shouldReadBackExactlyWhatItWroteWithPairsInOrder() {
        assertEquals(ENGAGED, serde.deserialize("t", serde.serialize("t", ENGAGED)));
        assertEquals(PAIR, serde.deserialize("t", serde.serialize("t", PAIR)));
    }

    @Test
    void shouldStillReadSignalsAnOlderEngineLeftAsJson() {
        assertEquals(
                ENGAGED, serde.deserialize("t", JsonSerde.of(ItemSignal.class).serialize("t", ENGAGED)));
        assertEquals(PAIR, serde.deserialize("t", JsonSerde.of(ItemSignal.class).serialize("t", PAIR)));
    }

    @Test
    void shouldWriteLessThanJson() {
        int json = JsonSerde.of(ItemSignal.class).serialize("t", ENGAGED).length;
        int binary = serde.serialize("t", ENGAGED).length;

        assertTrue(binary < json, binary + " bytes against " + json);
    }
}
