package dev.lodestone.community;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class CommunityMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final CommunityMetrics metrics = new CommunityMetrics(registry);

    @Test
    void everySeriesIsThereAtZeroBeforeTheFirstPost() {
        for (String outcome : CommunityMetrics.POST_OUTCOMES) {
            assertEquals(
                    0,
                    registry.get(CommunityMetrics.POSTS)
                            .tag("outcome", outcome)
                            .counter()
                            .count(),
                    outcome);
        }
        for (String action : CommunityMetrics.MODERATION_ACTIONS) {
            assertEquals(
                    0,
                    registry.get(CommunityMetrics.MODERATION)
                            .tag("action", action)
                            .counter()
                            .count(),
                    action);
        }
        assertNotNull(registry.get(CommunityMetrics.LIVE_CONNECTIONS).gauge());
    }

    @Test
    void aPostCountsOnItsOutcomesSeries() {
        metrics.posted("held");
        metrics.posted("held");
        metrics.moderated("ban");

        assertEquals(
                2,
                registry.get(CommunityMetrics.POSTS)
                        .tag("outcome", "held")
                        .counter()
                        .count());
        assertEquals(
                0,
                registry.get(CommunityMetrics.POSTS)
                        .tag("outcome", "published")
                        .counter()
                        .count());
        assertEquals(
                1,
                registry.get(CommunityMetrics.MODERATION)
                        .tag("action", "ban")
                        .counter()
                        .count());
    }
}
