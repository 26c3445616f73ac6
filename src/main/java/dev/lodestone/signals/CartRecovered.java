package dev.lodestone.signals;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * A purchase of an item of an abandoned cart, on {@code cart-recovered}.
 *
 * @param first true for the first purchase that recovers this abandonment (what the recovered count counts)
 * @param value the purchase's value (what the recovered value sums)
 * @param abandonedAt when the abandonment first fired
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CartRecovered(
        String shopperKey,
        String userId,
        String itemId,
        BigDecimal value,
        boolean first,
        Instant abandonedAt,
        Instant at) {}
