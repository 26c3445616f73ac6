package dev.lodestone.signals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lodestone.platform.kafka.JsonSerde;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FunnelStateSerdeTest {

    private static final Instant AT = Instant.parse("2026-11-24T10:15:30.123456789Z");

    private static final FunnelState STATE = new FunnelState(
            Map.of(
                    "c:电子产品",
                    new Journey(Journey.CATEGORY, "电子产品", AT, 2, null),
                    "r:rec-1",
                    new Journey(Journey.PLACEMENT, "home", AT.minusSeconds(5), 3, Set.of("item-1", "配件-9")),
                    "r:rec-2",
                    new Journey(Journey.PLACEMENT, "cart", AT, 1, Set.of())),
            AT.toEpochMilli() + 1_800_000);

    private final FunnelStateSerde serde = new FunnelStateSerde();

    @Test
    void shouldReadBackExactlyWhatItWrote() {
        assertEquals(STATE, serde.deserialize("t", serde.serialize("t", STATE)));
        FunnelState closed = new FunnelState(Map.of(), null);
        assertEquals(closed, serde.deserialize("t", serde.serialize("t", closed)));
        assertNull(serde.deserialize("t", null));
    }

    @Test
    void shouldStillReadStatesTheStoreHeldAsJson() {
        byte[] json = JsonSerde.of(FunnelState.class).serialize("t", STATE);

        assertEquals(STATE, serde.deserialize("t", json));
    }

    @Test
    void shouldWriteLessThanJson() {
        int json = JsonSerde.of(FunnelState.class).serialize("t", STATE).length;
        int binary = serde.serialize("t", STATE).length;

        assertTrue(binary < json, binary + " bytes against " + json);
    }
}
