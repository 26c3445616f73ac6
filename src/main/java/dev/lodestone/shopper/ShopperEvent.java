package dev.lodestone.shopper;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * One thing a shopper did, as validated by the intake and carried on {@code shopper-events}.
 *
 * @param eventId client-made id, the de-duplication key everywhere downstream
 * @param receivedAt when the intake accepted it; the start of the freshness clock
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ShopperEvent(
        String eventId,
        EventType type,
        String userId,
        String sessionId,
        String itemId,
        Integer quantity,
        BigDecimal price,
        String currency,
        Integer rating,
        String query,
        String recommendationId,
        Instant occurredAt,
        Map<String, String> context,
        Instant receivedAt) {

    /** Partition key: the user when known, else the session; prefixed so the two never collide. */
    @JsonIgnore
    public String shopperKey() {
        return shopperKey(userId, sessionId);
    }

    public static String shopperKey(String userId, String sessionId) {
        return userId != null ? "u:" + userId : "s:" + sessionId;
    }

    public static String userKey(String userId) {
        return "u:" + userId;
    }

    /**
     * An event on one item that carries nothing else (no quantity, price, rating, query, attribution or
     * context): what a replayed click becomes.
     */
    public static ShopperEvent onItem(
            String eventId,
            EventType type,
            String userId,
            String sessionId,
            String itemId,
            Instant occurredAt,
            Instant receivedAt) {
        return onItem(eventId, type, userId, sessionId, itemId, occurredAt, null, receivedAt);
    }

    /** An event on one item with nothing but its context: what the engine itself publishes for a shopper. */
    public static ShopperEvent onItem(
            String eventId,
            EventType type,
            String userId,
            String sessionId,
            String itemId,
            Instant occurredAt,
            Map<String, String> context,
            Instant receivedAt) {
        return new ShopperEvent(
                eventId,
                type,
                userId,
                sessionId,
                itemId,
                null,
                null,
                null,
                null,
                null,
                null,
                occurredAt,
                context,
                receivedAt);
    }
}
