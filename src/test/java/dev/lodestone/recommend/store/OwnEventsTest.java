package dev.lodestone.recommend.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lodestone.engine.EngineConfig;
import dev.lodestone.profile.ProfileConfig;
import dev.lodestone.profile.ShopperProfile;
import dev.lodestone.recommend.RecommendConfig;
import dev.lodestone.shopper.EventType;
import dev.lodestone.shopper.ForgetRequest;
import dev.lodestone.shopper.ShopperEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OwnEventsTest {

    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00.000123Z");
    private static final String SHOPPER = "u:ann";

    private static OwnEvents ownEvents(Map<String, String> settings) {
        EngineConfig config = EngineConfig.with(settings);
        return new OwnEvents(config.get(RecommendConfig.class), config.get(ProfileConfig.class));
    }

    private static ShopperEvent event(EventType type, String item, Instant receivedAt) {
        return ShopperEvent.onItem("e-" + item + receivedAt, type, "ann", null, item, receivedAt, receivedAt);
    }

    /** A profile that shows the events the intake took up to {@code lastReceivedAt}, kept in milliseconds. */
    private static ShopperProfile showing(Instant lastReceivedAt) {
        return new ShopperProfile(
                SHOPPER,
                "ann",
                null,
                lastReceivedAt,
                Map.of(),
                Map.of(),
                Map.of(),
                List.of(),
                List.of(),
                List.of(),
                1,
                Instant.ofEpochMilli(lastReceivedAt.toEpochMilli()));
    }

    @Test
    void holdsTheItemsAProfileDoesNotShowYetTheCurrentOneLast() {
        OwnEvents own = ownEvents(Map.of());
        own.accepted(List.of(
                event(EventType.VIEW, "a", T0),
                event(EventType.VIEW, "b", T0.plusSeconds(1)),
                event(EventType.SEARCH, null, T0.plusSeconds(2)),
                event(EventType.VIEW, "a", T0.plusSeconds(3))));

        assertTrue(own.holds(SHOPPER));
        assertEquals(List.of("b", "a"), own.notYetIn(SHOPPER, null), "a new shopper: every item, each once");
        assertEquals(List.of("a"), own.notYetIn(SHOPPER, showing(T0.plusSeconds(1))));
        assertTrue(own.holds(SHOPPER));

        assertEquals(List.of(), own.notYetIn(SHOPPER, showing(T0.plusSeconds(3))));
        assertFalse(own.holds(SHOPPER), "shown: the shopper's lists come from the pipeline again");
    }

    @Test
    void countsOnlyEventsWhoseItemEntersTheProfile() {
        OwnEvents own = ownEvents(Map.of("lodestone.profile.weight-view", "0"));
        own.accepted(List.of(event(EventType.VIEW, "a", T0)));
        assertFalse(own.holds(SHOPPER));
        own.accepted(List.of(event(EventType.PURCHASE, "b", T0)));
        assertEquals(List.of("b"), own.notYetIn(SHOPPER, null));
    }

    @Test
    void dropsAShopperForgottenHereAndHoldsNothingWhenTurnedOff() {
        OwnEvents own = ownEvents(Map.of());
        own.accepted(List.of(event(EventType.VIEW, "a", T0)));
        own.forgotten(new ForgetRequest(SHOPPER, T0.plusSeconds(1)));
        assertFalse(own.holds(SHOPPER));
        assertEquals(List.of(), own.notYetIn(SHOPPER, null));

        OwnEvents off = ownEvents(Map.of("lodestone.recommend.own-events-window", "PT0S"));
        off.accepted(List.of(event(EventType.VIEW, "a", T0)));
        assertFalse(off.holds(SHOPPER));
    }

    @Test
    void keepsAsManyNewestItemsAsTheProfileUsesAsSources() {
        OwnEvents own = ownEvents(Map.of("lodestone.recommend.recent-sources", "3"));
        for (int i = 0; i < 10; i++) {
            own.accepted(List.of(event(EventType.VIEW, "i" + i, T0.plusSeconds(i))));
        }
        assertEquals(List.of("i7", "i8", "i9"), own.notYetIn(SHOPPER, null));
    }
}
