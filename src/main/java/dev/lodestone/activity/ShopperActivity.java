package dev.lodestone.activity;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.lodestone.shopper.ShopperEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one shopper has done: counts per event type, first and last seen, recent distinct items.
 *
 * @param shopperKey {@code u:<userId>} or {@code s:<sessionId>}
 * @param version how many events built this value; the Redis projection never writes a lower one
 * @param lastReceivedAt intake time of the newest event applied, the start of the freshness clock
 * @param recentItems newest first by {@code occurredAt}, one entry per item
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ShopperActivity(
        String shopperKey,
        String userId,
        String sessionId,
        Map<String, Long> counts,
        Instant firstSeen,
        Instant lastSeen,
        List<RecentItem> recentItems,
        long version,
        Instant lastReceivedAt) {

    /** An item the shopper engaged with, and when. */
    public record RecentItem(String itemId, Instant at) {}

    private static final Comparator<RecentItem> NEWEST_FIRST =
            Comparator.comparing(RecentItem::at).reversed().thenComparing(RecentItem::itemId);

    public static ShopperActivity empty(String shopperKey) {
        return new ShopperActivity(shopperKey, null, null, Map.of(), null, null, List.of(), 0, null);
    }

    /**
     * This activity with one more event applied. Order-insensitive for everything but ties:
     * an event arriving late still lands at its own time in {@code recentItems}.
     */
    public ShopperActivity apply(ShopperEvent event, int maxRecentItems) {
        Map<String, Long> newCounts = new TreeMap<>(counts);
        newCounts.merge(event.type().wireName(), 1L, Long::sum);
        Instant at = event.occurredAt();
        List<RecentItem> items = recentItems;
        if (event.itemId() != null) {
            items = new ArrayList<>(recentItems.size() + 1);
            boolean newer = true;
            for (RecentItem item : recentItems) {
                if (item.itemId().equals(event.itemId())) {
                    newer = at.isAfter(item.at());
                    if (!newer) {
                        items.add(item);
                    }
                } else {
                    items.add(item);
                }
            }
            if (newer) {
                items.add(new RecentItem(event.itemId(), at));
            }
            items.sort(NEWEST_FIRST);
            if (items.size() > maxRecentItems) {
                items = new ArrayList<>(items.subList(0, maxRecentItems));
            }
        }
        return new ShopperActivity(
                shopperKey != null ? shopperKey : event.shopperKey(),
                userId != null ? userId : event.userId(),
                sessionId != null ? sessionId : event.sessionId(),
                newCounts,
                firstSeen == null || at.isBefore(firstSeen) ? at : firstSeen,
                lastSeen == null || at.isAfter(lastSeen) ? at : lastSeen,
                List.copyOf(items),
                version + 1,
                lastReceivedAt == null || event.receivedAt().isAfter(lastReceivedAt)
                        ? event.receivedAt()
                        : lastReceivedAt);
    }
}
