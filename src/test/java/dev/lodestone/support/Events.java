package dev.lodestone.support;

import java.util.UUID;

/** JSON bodies of shopper events for tests. */
public final class Events {

    private Events() {}

    public static String view(String userId, String itemId) {
        return event(UUID.randomUUID().toString(), "view", userId, itemId);
    }

    public static String event(String eventId, String type, String userId, String itemId) {
        return "{\"eventId\":\"" + eventId + "\",\"type\":\"" + type + "\",\"userId\":\"" + userId + "\",\"itemId\":\""
                + itemId + "\"}";
    }

    public static String purchase(String eventId, String userId, String itemId, double price, int quantity) {
        return "{\"eventId\":\"" + eventId + "\",\"type\":\"purchase\",\"userId\":\"" + userId + "\",\"itemId\":\""
                + itemId + "\",\"price\":" + price + ",\"quantity\":" + quantity + ",\"currency\":\"CNY\"}";
    }
}
