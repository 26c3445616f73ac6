package dev.lodestone.community;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code lodestone.community.posts} (tag {@code outcome}: published, flagged, held, blocked,
 * rate_limited), {@code lodestone.community.moderation} (tag {@code action}) and
 * {@code lodestone.community.live.connections}. Tags come from small closed sets, and every series is
 * there from start-up at zero: an alert on a rate or on a drop to 0 needs the series before the first
 * post or connection, not after.
 */
@Startup
@Singleton
public class CommunityMetrics {

    /** What a group's rules can make of a post. */
    static final List<String> POST_OUTCOMES = List.of("published", "flagged", "held", "blocked", "rate_limited");

    /** What a moderator can do. */
    public static final List<String> MODERATION_ACTIONS = List.of("hide", "warn", "mute", "ban", "approve");

    public static final String POSTS = "lodestone.community.posts";
    public static final String MODERATION = "lodestone.community.moderation";
    public static final String LIVE_CONNECTIONS = "lodestone.community.live.connections";
    private static final String POSTS_DESCRIPTION = "Community posts, by outcome";
    private static final String MODERATION_DESCRIPTION = "Moderation actions taken by moderators";

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final AtomicInteger live = new AtomicInteger();

    CommunityMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge(LIVE_CONNECTIONS, live);
        POST_OUTCOMES.forEach(outcome -> counter(POSTS, "outcome", outcome, POSTS_DESCRIPTION));
        MODERATION_ACTIONS.forEach(action -> counter(MODERATION, "action", action, MODERATION_DESCRIPTION));
    }

    public void posted(String outcome) {
        counter(POSTS, "outcome", outcome, POSTS_DESCRIPTION).increment();
    }

    public void moderated(String action) {
        counter(MODERATION, "action", action, MODERATION_DESCRIPTION).increment();
    }

    public void connected() {
        live.incrementAndGet();
    }

    public void disconnected() {
        live.decrementAndGet();
    }

    private Counter counter(String name, String tag, String value, String description) {
        return counters.computeIfAbsent(
                name + "|" + value,
                k -> Counter.builder(name)
                        .description(description)
                        .tag(tag, value)
                        .register(registry));
    }
}
