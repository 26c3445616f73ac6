package dev.lodestone.activity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.lodestone.shopper.EventType;
import dev.lodestone.shopper.ShopperEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Folding events into a shopper's activity, without a topology: the domain rule on its own. */
class ShopperActivityTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final String ALICE = "u:alice";
    private static final int MAX_ITEMS = 3;

    @Test
    void shouldCountEachTypeAndKeepFirstAndLastSeenWhateverTheArrivalOrder() {
        ShopperActivity activity = fold(
                event(EventType.VIEW, "i1", T0.plusSeconds(20)),
                event(EventType.ADD_TO_CART, "i1", T0),
                event(EventType.VIEW, "i2", T0.plusSeconds(10)));

        assertEquals(Map.of("view", 2L, "add_to_cart", 1L), activity.counts());
        assertEquals(T0, activity.firstSeen());
        assertEquals(T0.plusSeconds(20), activity.lastSeen());
    }

    @Test
    void shouldKeepOneEntryPerItemAtItsNewestTime() {
        ShopperActivity activity = fold(
                event(EventType.VIEW, "i1", T0.plusSeconds(30)),
                event(EventType.VIEW, "i2", T0.plusSeconds(20)),
                event(EventType.CLICK, "i1", T0.plusSeconds(10)));

        assertEquals(
                List.of(
                        new ShopperActivity.RecentItem("i1", T0.plusSeconds(30)),
                        new ShopperActivity.RecentItem("i2", T0.plusSeconds(20))),
                activity.recentItems());
    }

    @Test
    void shouldKeepOnlyTheNewestItemsUpToTheLimit() {
        ShopperActivity activity = fold(
                event(EventType.VIEW, "i1", T0),
                event(EventType.VIEW, "i2", T0.plusSeconds(1)),
                event(EventType.VIEW, "i3", T0.plusSeconds(2)),
                event(EventType.VIEW, "i4", T0.plusSeconds(3)),
                event(EventType.VIEW, "i0", T0.minusSeconds(1)));

        assertEquals(List.of("i4", "i3", "i2"), itemIds(activity));
        assertEquals(5L, activity.counts().get("view"));
    }

    @Test
    void shouldLeaveRecentItemsAloneForAnEventWithoutAnItem() {
        ShopperActivity activity =
                fold(event(EventType.VIEW, "i1", T0), event(EventType.SEARCH, null, T0.plusSeconds(5)));

        assertEquals(List.of("i1"), itemIds(activity));
        assertEquals(1L, activity.counts().get("search"));
        assertEquals(T0.plusSeconds(5), activity.lastSeen());
    }

    @Test
    void shouldCountOneVersionPerEventAndKeepTheNewestIntakeTime() {
        ShopperEvent late = ShopperEvent.onItem("e-late", EventType.VIEW, "alice", null, "i9", T0, T0);
        ShopperActivity activity = fold(event(EventType.VIEW, "i1", T0.plusSeconds(60)), late);

        assertEquals(2, activity.version());
        assertEquals(T0.plusSeconds(60), activity.lastReceivedAt());
        assertEquals(ALICE, activity.shopperKey());
        assertEquals("alice", activity.userId());
        assertNull(activity.sessionId());
    }

    @Test
    void shouldStartEmptyAtVersionZero() {
        ShopperActivity empty = ShopperActivity.empty(ALICE);

        assertEquals(0, empty.version());
        assertEquals(Map.of(), empty.counts());
        assertEquals(List.of(), empty.recentItems());
        assertNull(empty.firstSeen());
    }

    private static ShopperActivity fold(ShopperEvent... events) {
        ShopperActivity activity = ShopperActivity.empty(ALICE);
        for (ShopperEvent event : events) {
            activity = activity.apply(event, MAX_ITEMS);
        }
        return activity;
    }

    /** An event of alice's that occurred, and was received, at {@code at}. */
    private static ShopperEvent event(EventType type, String itemId, Instant at) {
        return ShopperEvent.onItem(
                "e-" + type + "-" + itemId + "-" + at.getEpochSecond(), type, "alice", null, itemId, at, at);
    }

    private static List<String> itemIds(ShopperActivity activity) {
        return activity.recentItems().stream()
                .map(ShopperActivity.RecentItem::itemId)
                .toList();
    }
}
