package dev.lodestone.signals;

import dev.lodestone.platform.kafka.BinarySerde;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Compact binary serde for {@code signals-cart-store}: the abandonment tracker reads and rewrites a
 * shopper's cart for every cart event and purchase, and its JSON was 3 % of the StreamThreads' time
 * (docs/benchmarks.md).
 *
 * <p>Layout 1 ({@link BinarySerde}): shopper key, user id, the lines as count and entries (item id,
 * quantity, unit price as its decimal string, so value and scale come back exact), last activity,
 * stages emitted, abandoned at, recovered, then a presence byte and the due time. Carts the store held
 * as JSON are still read.
 */
public final class CartSerde extends BinarySerde<Cart> {

    private static final byte FORMAT = 1;

    public CartSerde() {
        super(FORMAT, Cart.class);
    }

    @Override
    protected void write(Writer out, Cart cart) {
        out.string(cart.shopperKey()).string(cart.userId());
        out.count(cart.items());
        cart.items()
                .forEach((itemId, line) -> out.string(itemId)
                        .string(line.itemId())
                        .putInt(line.quantity())
                        .string(line.price() == null ? null : line.price().toString()));
        out.instant(cart.lastActivity()).putInt(cart.stagesEmitted()).instant(cart.abandonedAt());
        out.bool(cart.recovered()).bool(cart.due() != null);
        if (cart.due() != null) {
            out.putLong(cart.due());
        }
    }

    @Override
    protected Cart read(Reader in) {
        String shopperKey = in.string();
        String userId = in.string();
        int count = in.getInt();
        Map<String, Cart.Line> items = new LinkedHashMap<>(capacity(count));
        for (int i = 0; i < count; i++) {
            String key = in.string();
            String itemId = in.string();
            int quantity = in.getInt();
            String price = in.string();
            items.put(key, new Cart.Line(itemId, quantity, price == null ? null : new BigDecimal(price)));
        }
        Instant lastActivity = in.instant();
        int stagesEmitted = in.getInt();
        Instant abandonedAt = in.instant();
        boolean recovered = in.bool();
        Long due = in.bool() ? in.getLong() : null;
        return new Cart(
                shopperKey,
                userId,
                Collections.unmodifiableMap(items),
                lastActivity,
                stagesEmitted,
                abandonedAt,
                recovered,
                due);
    }
}
