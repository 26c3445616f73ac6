package dev.lodestone.activity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.shopper.ShopperEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class ShopperActivitySerdeTest {

    private static final Instant AT = Instant.parse("2026-11-24T10:15:30.123456789Z");

    private static final ShopperActivity ACTIVITY = new ShopperActivity(
            "u:张伟",
            "张伟",
            null,
            new TreeMap<>(Map.of("add_to_cart", 2L, "view", 41L)),
            AT.minusSeconds(3600),
            AT,
            List.of(
                    new ShopperActivity.RecentItem("配件-9", AT),
                    new ShopperActivity.RecentItem("item-2", AT.minusNanos(1))),
            43,
            AT.plusMillis(5));

    private final ShopperActivitySerde serde = new ShopperActivitySerde();

    @Test
    void shouldReadBackExactlyWhatItWrote() {
        assertEquals(ACTIVITY, serde.deserialize("t", serde.serialize("t", ACTIVITY)));
        ShopperActivity empty = ShopperActivity.empty("s:x");
        assertEquals(empty, serde.deserialize("t", serde.serialize("t", empty)));
        assertNull(serde.serialize("t", null));
        assertNull(serde.deserialize("t", null));
    }

    @Test
    void shouldKeepCountsSortedAndRecentItemsInTheirOrder() {
        ShopperActivity back = serde.deserialize("t", serde.serialize("t", ACTIVITY));

        assertEquals(List.of("add_to_cart", "view"), List.copyOf(back.counts().keySet()));
        assertEquals(ACTIVITY.recentItems(), back.recentItems());
    }

    @Test
    void shouldApplyTheNextEventToWhatItReadAsToTheOriginal() {
        ShopperEvent next = JsonSerde.read(
                "{\"eventId\":\"e-9\",\"type\":\"view\",\"userId\":\"张伟\",\"itemId\":\"item-3\","
                        + "\"occurredAt\":\"2026-11-24T10:16:00Z\",\"receivedAt\":\"2026-11-24T10:16:00.002Z\"}",
                ShopperEvent.class);

        assertEquals(
                ACTIVITY.apply(next, 20),
                serde.deserialize("t", serde.serialize("t", ACTIVITY)).apply(next, 20));
    }

    @Test
    void shouldStillReadActivityTheStoreHeldAsJson() {
        byte[] json = JsonSerde.of(ShopperActivity.class).serialize("t", ACTIVITY);

        assertEquals(ACTIVITY, serde.deserialize("t", json));
    }

    @Test
    void shouldWriteLessThanJsonAndTheSameBytesAgain() {
        byte[] json = JsonSerde.of(ShopperActivity.class).serialize("t", ACTIVITY);
        byte[] binary = serde.serialize("t", ACTIVITY);

        assertTrue(binary.length < json.length, binary.length + " bytes against " + json.length);
        assertArrayEquals(binary, serde.serialize("t", serde.deserialize("t", binary)));
    }

    @Test
    void shouldRefuseAnUnknownLayout() {
        assertThrows(SerializationException.class, () -> serde.deserialize("t", new byte[] {9}));
        assertThrows(SerializationException.class, () -> serde.deserialize("t", new byte[] {1, 0}));
    }
}
