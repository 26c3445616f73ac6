package dev.lodestone.platform.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lodestone.platform.config.Role;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What each role adds to the configuration, and which paths a streams instance serves. */
class RoleSettingsTest {

    private static final List<String> NAMES = List.of(
            "mp.messaging.incoming.activity-projection.topic",
            "mp.messaging.incoming.activity-projection.kafka-configuration",
            "mp.messaging.incoming.points-ledger-projection.kafka-configuration",
            "mp.messaging.incoming.live-feed.topic",
            "mp.messaging.incoming.live-feed.kafka-configuration",
            "mp.messaging.outgoing.shopper-events-out.topic",
            "%test.mp.messaging.incoming.profile-projection.topic",
            "kafka-streams.num.stream.threads");

    @Test
    void shouldDisableTheProjectionChannelsAndTheStreamsHealthChecksInTheApiRole() {
        Map<String, String> settings = RoleSettings.of(
                Role.API,
                NAMES,
                name -> name.endsWith("-projection.kafka-configuration")
                        ? "lodestone-projection"
                        : name.equals("mp.messaging.incoming.live-feed.kafka-configuration") ? "other" : null,
                "pod-0");
        assertEquals("false", settings.get("mp.messaging.incoming.activity-projection.enabled"));
        assertEquals("false", settings.get("mp.messaging.incoming.points-ledger-projection.enabled"));
        assertFalse(settings.containsKey("mp.messaging.outgoing.shopper-events-out.enabled"), settings.toString());
        assertFalse(settings.containsKey("mp.messaging.incoming.live-feed.enabled"), "other consumers keep running");
        assertEquals("false", settings.get(RoleSettings.healthCheckEnabled(RoleSettings.STREAMS_STATE_CHECK)));
        assertEquals("false", settings.get(RoleSettings.healthCheckEnabled(RoleSettings.STREAMS_TOPICS_CHECK)));
        assertFalse(settings.containsKey(RoleSettings.STREAMS_INSTANCE_ID));
    }

    @Test
    void shouldGiveStreamsStaticMembershipNamedAfterTheInstanceInTheStreamsRole() {
        Map<String, String> settings = RoleSettings.of(Role.STREAMS, NAMES, name -> null, "lodestone-streams-1");
        assertEquals(Map.of(RoleSettings.STREAMS_INSTANCE_ID, "lodestone-streams-1"), settings);
        assertEquals(
                Map.of(),
                RoleSettings.of(
                        Role.STREAMS,
                        NAMES,
                        name -> name.equals(RoleSettings.STREAMS_INSTANCE_ID) ? "mine" : null,
                        "lodestone-streams-1"));
    }

    @Test
    void shouldAddNothingInTheAllRole() {
        assertEquals(Map.of(), RoleSettings.of(Role.ALL, NAMES, name -> null, "pod-0"));
    }

    @Test
    void shouldParseTheLowerCaseRolesAndRefuseOthersNamingTheSetting() {
        assertEquals(Role.ALL, Role.parse(null));
        assertEquals(Role.ALL, Role.parse(" "));
        assertEquals(Role.STREAMS, Role.parse("streams"));
        assertEquals(Role.API, Role.parse("api"));
        assertThrows(IllegalArgumentException.class, () -> Role.parse(" api"));
        assertThrows(IllegalArgumentException.class, () -> Role.parse("API"));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> Role.parse("worker"));
        assertTrue(refused.getMessage().contains("LODESTONE_ROLE"), refused.getMessage());
        assertTrue(refused.getMessage().contains("worker"), refused.getMessage());
    }

    @Test
    void shouldServeOnlyHealthAndMetricsOnAStreamsInstance() {
        assertTrue(RoleRoutes.served("/q/health/ready"));
        assertTrue(RoleRoutes.served("/q/metrics"));
        assertFalse(RoleRoutes.served("/v1/events"));
        assertFalse(RoleRoutes.served("/q"));
        assertFalse(RoleRoutes.served(null));
        assertTrue(Role.STREAMS.computes() && !Role.STREAMS.serves());
        assertTrue(Role.API.serves() && !Role.API.computes());
        assertTrue(Role.ALL.serves() && Role.ALL.computes());
    }
}
