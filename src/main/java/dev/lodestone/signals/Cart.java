package dev.lodestone.signals;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.lodestone.shopper.EventType;
import dev.lodestone.shopper.ShopperEvent;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One shopper's cart as the abandonment tracker keeps it: items, quantities and value, the newest cart
 * or purchase activity, and where the current abandonment stands. Pure rules; no Kafka.
 *
 * @param lastActivity intake time of the newest add, remove or purchase
 * @param stagesEmitted how many abandonment stages fired since {@code lastActivity}
 * @param abandonedAt when the open abandonment first fired; null when none is open
 * @param recovered whether a purchase already recovered the open abandonment
 * @param due the wall-clock time (epoch ms) the next stage falls due; null when none will
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Cart(
        String shopperKey,
        String userId,
        Map<String, Line> items,
        Instant lastActivity,
        int stagesEmitted,
        Instant abandonedAt,
        boolean recovered,
        Long due) {

    /** One item in the cart: units and unit price (the newest the events carried; zero when none did). */
    public record Line(String itemId, int quantity, BigDecimal price) {
        BigDecimal value() {
            return price.multiply(BigDecimal.valueOf(quantity));
        }
    }

    public static Cart empty(String shopperKey, String userId) {
        return new Cart(shopperKey, userId, Map.of(), null, 0, null, false, null);
    }

    @JsonIgnore
    public boolean isEmpty() {
        return items.isEmpty();
    }

    /** Sum of quantity × unit price. */
    @JsonIgnore
    public BigDecimal value() {
        return items.values().stream().map(Line::value).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** The cart after an add, remove or purchase; any of them restarts the idle clock and the stages. */
    public Cart apply(ShopperEvent event) {
        Map<String, Line> next = new TreeMap<>(items);
        int units = event.quantity() == null ? 1 : event.quantity();
        Line line = next.get(event.itemId());
        switch (event.type()) {
            case ADD_TO_CART -> {
                BigDecimal price =
                        event.price() != null ? event.price() : line != null ? line.price() : BigDecimal.ZERO;
                next.put(event.itemId(), new Line(event.itemId(), (line == null ? 0 : line.quantity()) + units, price));
            }
            // A remove without a quantity takes the whole line; so does a purchase of what was in the cart.
            case REMOVE_FROM_CART, PURCHASE -> {
                if (line != null) {
                    int left = event.quantity() == null ? 0 : line.quantity() - units;
                    if (left > 0) {
                        next.put(event.itemId(), new Line(event.itemId(), left, line.price()));
                    } else {
                        next.remove(event.itemId());
                    }
                }
            }
            default -> {
                return this;
            }
        }
        Instant at = event.receivedAt();
        Instant last = latest(lastActivity, at);
        if (next.isEmpty()) {
            // An empty cart closes the abandonment: removing every item cancels it, buying everything ends it.
            return new Cart(shopperKey, userId(event), Map.of(), last, 0, null, false, null);
        }
        return new Cart(
                shopperKey, userId(event), Map.copyOf(next), last, 0, abandonedAt, recovered || recovers(event), null);
    }

    /** Whether this event is a purchase of an item of the open abandonment: it recovers the cart. */
    public boolean recovers(ShopperEvent event) {
        return abandonedAt != null && event.type() == EventType.PURCHASE && items.containsKey(event.itemId());
    }

    /** The value a recovering purchase brings back: its own price × quantity, else the line's. */
    public BigDecimal purchaseValue(ShopperEvent event) {
        Line line = items.get(event.itemId());
        int units = event.quantity() != null ? event.quantity() : line != null ? line.quantity() : 1;
        BigDecimal price = event.price() != null ? event.price() : line != null ? line.price() : BigDecimal.ZERO;
        return price.multiply(BigDecimal.valueOf(units));
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null || (b != null && b.isAfter(a)) ? b : a;
    }

    private String userId(ShopperEvent event) {
        return userId != null ? userId : event.userId();
    }

    /** When the next stage falls due, or null when the cart is empty or every stage fired. */
    public Long nextDue(List<Duration> stages) {
        if (isEmpty() || stagesEmitted >= stages.size() || lastActivity == null) {
            return null;
        }
        return lastActivity.plus(stages.get(stagesEmitted)).toEpochMilli();
    }

    public Cart withDue(Long due) {
        return new Cart(shopperKey, userId, items, lastActivity, stagesEmitted, abandonedAt, recovered, due);
    }

    /** The cart after stage {@code stagesEmitted + 1} fired at {@code now}. */
    public Cart abandoned(Instant now) {
        return new Cart(
                shopperKey,
                userId,
                items,
                lastActivity,
                stagesEmitted + 1,
                abandonedAt == null ? now : abandonedAt,
                abandonedAt != null && recovered,
                due);
    }
}
