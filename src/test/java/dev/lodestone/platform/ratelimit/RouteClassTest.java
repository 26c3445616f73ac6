package dev.lodestone.platform.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which requests draw from a budget, and the route tag their refusals are counted under. */
class RouteClassTest {

    @Test
    void shouldLimitTheApiButNotPingOrOperations() {
        assertTrue(RouteClass.limited("/v1/events"));
        assertTrue(RouteClass.limited("/v1/users/alice/points"));
        assertFalse(RouteClass.limited("/v1/ping"));
        assertFalse(RouteClass.limited("/q/health/ready"));
        assertFalse(RouteClass.limited("/q/metrics"));
    }

    @Test
    void shouldClassifyEveryApiPathIntoABoundedSetOfRoutes() {
        Map.of(
                        "/v1/events", RouteClass.INGEST,
                        "/v1/recommendations", RouteClass.RECOMMEND,
                        "/v1/users/a/recommendations", RouteClass.RECOMMEND,
                        "/v1/items/i/similar", RouteClass.RECOMMEND,
                        "/v1/users/a/activity", RouteClass.ACTIVITY,
                        "/v1/users/a", RouteClass.PROFILE,
                        "/v1/users/a/profile", RouteClass.PROFILE,
                        "/v1/catalog/items:batch", RouteClass.CATALOG,
                        "/v1/users/a/gifts/g/exchanges", RouteClass.POINTS,
                        "/v1/coupons/LC-1/redemptions", RouteClass.POINTS)
                .forEach((path, route) -> assertEquals(route, RouteClass.of(path), path));
        assertEquals(RouteClass.COMMUNITY, RouteClass.of("/v1/community/groups/g/messages"));
        assertEquals(RouteClass.CHAT, RouteClass.of("/v1/chat/conversations/c/messages"));
        assertEquals(RouteClass.CHAT, RouteClass.of("/v1/kb/search"));
        assertEquals(RouteClass.SIGNALS, RouteClass.of("/v1/feedback"));
        assertEquals(RouteClass.SIGNALS, RouteClass.of("/v1/users/alice/feedback/items/i1"));
        assertEquals(RouteClass.MARKETING, RouteClass.of("/v1/experiments/e1/results"));
        assertEquals(RouteClass.OTHER, RouteClass.of("/v1/anything-" + System.nanoTime()));
    }
}
