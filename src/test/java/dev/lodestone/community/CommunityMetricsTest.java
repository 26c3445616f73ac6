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
            assertEquals(0, count(CommunityMetrics.POSTS, "outcome", outcome), outcome);
        }
        for (String action : CommunityMetrics.MODERATION_ACTIONS) {
            assertEquals(0, count(CommunityMetrics.MODERATION, "action", action), action);
        }
        assertNotNull(registry.get(CommunityMetrics.LIVE_CONNECTIONS).gauge());
    }

    @Test
    void aPostCountsOnItsOutcomesSeries() {
        metrics.posted("held");
        metrics.posted("held");
        metrics.moderated("ban");

        assertEquals(2, count(CommunityMetrics.POSTS, "outcome", "held"));
        assertEquals(0, count(CommunityMetrics.POSTS, "outcome", "published"));
        assertEquals(1, count(CommunityMetrics.MODERATION, "action", "ban"));
    }

    /** The counter must exist: {@code get} throws for a missing series. */
    private double count(String name, String tag, String value) {
        return registry.get(name).tag(tag, value).counter().count();
    }
}
