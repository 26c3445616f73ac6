package dev.lodestone.profile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lodestone.platform.kafka.JsonSerde;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class ShopperProfileSerdeTest {

    private static final Instant AT = Instant.parse("2026-11-24T10:15:30.123456789Z");

    private static final ShopperProfile PROFILE = new ShopperProfile(
            "u:张伟",
            "张伟",
            "s-1",
            AT,
            new TreeMap<>(Map.of("电子产品", 2.5, "电子产品/手机", 1.0 / 3)),
            new TreeMap<>(Map.of("Acme", 0.1)),
            new TreeMap<>(Map.of(
                    -3,
                    new ShopperProfile.PriceBand(0.5, 9.99, 12.0),
                    7,
                    new ShopperProfile.PriceBand(1e-7, 100, 100))),
            List.of(
                    new ShopperProfile.RecentItem("item-2", AT, 3.0),
                    new ShopperProfile.RecentItem("配件-9", AT.minusSeconds(60), 0.25)),
            List.of(new ShopperProfile.PurchasedItem("item-2", AT.minusNanos(1))),
            List.of(
                    new ShopperProfile.PendingItem("new-1", AT, 1.0, null),
                    new ShopperProfile.PendingItem("new-2", AT.minusSeconds(1), 2.0, 19.95)),
            Long.MAX_VALUE - 1,
            AT.plusMillis(5));

    private final ShopperProfileSerde serde = new ShopperProfileSerde();

    @Test
    void shouldReadBackExactlyWhatItWrote() {
        assertEquals(PROFILE, serde.deserialize("t", serde.serialize("t", PROFILE)));
        ShopperProfile empty = ShopperProfile.empty("u:x");
        assertEquals(empty, serde.deserialize("t", serde.serialize("t", empty)));
        assertNull(serde.serialize("t", null));
        assertNull(serde.deserialize("t", null));
    }

    @Test
    void shouldKeepTheOrderOfEveryMapAndList() {
        ShopperProfile back = serde.deserialize("t", serde.serialize("t", PROFILE));

        assertEquals(
                List.copyOf(PROFILE.categories().keySet()),
                List.copyOf(back.categories().keySet()));
        assertEquals(
                List.copyOf(PROFILE.priceBands().keySet()),
                List.copyOf(back.priceBands().keySet()));
        assertEquals(PROFILE.recent(), back.recent());
    }

    @Test
    void shouldStillReadProfilesTheStoreHeldAsJson() {
        byte[] json = JsonSerde.of(ShopperProfile.class).serialize("t", PROFILE);

        assertEquals(PROFILE, serde.deserialize("t", json));
    }

    @Test
    void shouldWriteLessThanJson() {
        byte[] json = JsonSerde.of(ShopperProfile.class).serialize("t", PROFILE);
        byte[] binary = serde.serialize("t", PROFILE);

        assertEquals(true, binary.length < json.length, binary.length + " bytes against " + json.length);
        assertArrayEquals(binary, serde.serialize("t", serde.deserialize("t", binary)));
    }

    @Test
    void shouldRefuseAnUnknownLayout() {
        assertThrows(SerializationException.class, () -> serde.deserialize("t", new byte[] {9}));
    }
}
