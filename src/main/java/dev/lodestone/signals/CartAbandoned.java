package dev.lodestone.signals;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A cart reached an idle stage: what shops subscribe to on {@code cart-abandoned}, one per stage per
 * abandonment.
 *
 * @param stage 1 for the first idle threshold, 2 for the second, …
 * @param idle the stage's threshold
 * @param lastActivity the newest add, remove or purchase before the cart went idle
 * @param at when the stage fired
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CartAbandoned(
        String shopperKey,
        String userId,
        int stage,
        Duration idle,
        List<Cart.Line> items,
        BigDecimal value,
        Instant lastActivity,
        Instant at) {}
