package dev.lodestone.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lodestone.catalog.CatalogItem;
import dev.lodestone.platform.config.StandaloneConfig;
import dev.lodestone.shopper.EventType;
import dev.lodestone.shopper.ShopperEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShopperProfileTest {

    private static final ProfileSettings SETTINGS =
            ProfileSettings.from(StandaloneConfig.defaults(ProfileConfig.class));
    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

    /** A profile never throws on an event time, however far out of range (defence behind the validator). */
    @Test
    void shouldApplyAnEventWhoseTimeIsBeyondTheRangeOfMilliseconds() {
        Instant ancient = Instant.parse("-300000000-01-01T00:00:00Z");
        ShopperProfile profile = ShopperProfile.empty("u:alice")
                .apply(view("e1", NOW, NOW), null, id -> null, SETTINGS)
                .apply(view("e2", ancient, ancient), null, id -> null, SETTINGS)
                .apply(view("e3", NOW.plusSeconds(1), NOW.plusSeconds(1)), null, id -> null, SETTINGS);

        assertEquals(NOW.plusSeconds(1), profile.asOf());
        assertEquals(3, profile.recent().size());
    }

    @Test
    void shouldKeepEveryAffinityInNameOrderWhileUnderTheBound() {
        ShopperProfile profile = ShopperProfile.empty("u:alice")
                .apply(view("e1", NOW, NOW), item("e1", "服装/女装", "b"), id -> null, SETTINGS)
                .apply(view("e2", NOW, NOW), item("e2", "电子产品/手机", "a"), id -> null, SETTINGS);

        assertEquals(
                List.of("服装", "服装/女装", "电子产品", "电子产品/手机"),
                List.copyOf(profile.categories().keySet()));
        assertEquals(List.of("a", "b"), List.copyOf(profile.brands().keySet()));
    }

    @Test
    void shouldKeepTheStrongestAffinitiesPastTheBoundTiesByName() {
        ProfileSettings two = new ProfileSettings(
                SETTINGS.weights(),
                SETTINGS.reviewWeight(),
                SETTINGS.halfLife(),
                SETTINGS.recentItems(),
                SETTINGS.purchasedItems(),
                SETTINGS.pendingItems(),
                2,
                2,
                SETTINGS.priceBandRatio());
        ShopperProfile profile = ShopperProfile.empty("u:alice")
                .apply(view("e1", NOW, NOW), item("e1", "c", "z"), id -> null, two)
                .apply(view("e2", NOW, NOW), item("e2", "c", "x"), id -> null, two)
                .apply(view("e3", NOW, NOW), item("e3", "a", "y"), id -> null, two)
                .apply(view("e4", NOW, NOW), item("e4", "b", "x"), id -> null, two);

        // c was viewed twice; of a and b, seen once each, a comes first by name.
        assertEquals(Map.of("a", 1.0, "c", 2.0), profile.categories());
        assertEquals(List.of("a", "c"), List.copyOf(profile.categories().keySet()));
        // x, y and z tied after e3 and z went by name; x was seen again.
        assertEquals(Map.of("x", 2.0, "y", 1.0), profile.brands());
    }

    private static CatalogItem item(String id, String category, String brand) {
        return new CatalogItem("item-" + id, "title", category, brand, 10.0, "CNY", 5, true, null, null, NOW);
    }

    private static ShopperEvent view(String id, Instant occurredAt, Instant receivedAt) {
        return ShopperEvent.onItem(id, EventType.VIEW, "alice", null, "item-" + id, occurredAt, receivedAt);
    }
}
