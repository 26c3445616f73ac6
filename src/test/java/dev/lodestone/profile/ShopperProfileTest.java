package dev.lodestone.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lodestone.platform.config.StandaloneConfig;
import dev.lodestone.shopper.EventType;
import dev.lodestone.shopper.ShopperEvent;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A profile never throws on an event time, however far out of range (defence behind the validator). */
class ShopperProfileTest {

    private static final ProfileSettings SETTINGS =
            ProfileSettings.from(StandaloneConfig.defaults(ProfileConfig.class));
    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

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

    private static ShopperEvent view(String id, Instant occurredAt, Instant receivedAt) {
        return new ShopperEvent(
                id,
                EventType.VIEW,
                "alice",
                null,
                "item-" + id,
                null,
                null,
                null,
                null,
                null,
                null,
                occurredAt,
                null,
                receivedAt);
    }
}
