package dev.lodestone.signals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lodestone.platform.kafka.JsonSerde;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CartSerdeTest {

    private static final Instant AT = Instant.parse("2026-11-24T10:15:30.123456789Z");

    private static final Cart CART = new Cart(
            "u:shopper-1",
            "shopper-1",
            Map.of(
                    "item-1", new Cart.Line("item-1", 2, new BigDecimal("19.90")),
                    "配件-9", new Cart.Line("配件-9", 1, new BigDecimal("0.0050"))),
            AT,
            1,
            AT.plusSeconds(3_600),
            true,
            AT.toEpochMilli() + 7_200_000);

    private final CartSerde serde = new CartSerde();

    @Test
    void shouldReadBackExactlyWhatItWroteDownToThePriceScale() {
        Cart read = serde.deserialize("t", serde.serialize("t", CART));

        assertEquals(CART, read);
        assertEquals(2, read.items().get("item-1").price().scale());
        Cart empty = Cart.empty("u:x", "x");
        assertEquals(empty, serde.deserialize("t", serde.serialize("t", empty)));
        assertNull(serde.deserialize("t", null));
    }

    @Test
    void shouldStillReadCartsTheStoreHeldAsJson() {
        byte[] json = JsonSerde.of(Cart.class).serialize("t", CART);

        assertEquals(CART, serde.deserialize("t", json));
    }

    @Test
    void shouldWriteLessThanJson() {
        int json = JsonSerde.of(Cart.class).serialize("t", CART).length;
        int binary = serde.serialize("t", CART).length;

        assertTrue(binary < json, binary + " bytes against " + json);
    }
}
