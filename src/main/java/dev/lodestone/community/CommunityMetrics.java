package dev.lodestone.community;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code lodestone.community.posts} (tag {@code outcome}: published, flagged, held, blocked,
 * rate_limited), {@code lodestone.community.moderation} (tag {@code action}) and
 * {@code lodestone.community.live.connections}. Tags come from small closed sets.
 */
@Singleton
public class CommunityMetrics {

    public static final String POSTS = "lodestone.community.posts";
    public static final String MODERATION = "lodestone.community.moderation";
    public static final String LIVE_CONNECTIONS = "lodestone.community.live.connections";

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger live = new java.util.concurrent.atomic.AtomicInteger();

    CommunityMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge(LIVE_CONNECTIONS, live);
    }

    public void posted(String outcome) {
        count(POSTS, "outcome", outcome, "Community posts, by outcome");
    }

    public void moderated(String action) {
        count(MODERATION, "action", action, "Moderation actions taken by moderators");
    }

    public void connected() {
        live.incrementAndGet();
    }

    public void disconnected() {
        live.decrementAndGet();
    }

    private void count(String name, String tag, String value, String description) {
        counters.computeIfAbsent(
                        name + "|" + value,
                        k -> Counter.builder(name)
                                .description(description)
                                .tag(tag, value)
                                .register(registry))
                .increment();
    }
}
