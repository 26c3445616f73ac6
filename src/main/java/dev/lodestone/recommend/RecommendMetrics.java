package dev.lodestone.recommend;

import dev.lodestone.shopper.EventType;
import dev.lodestone.shopper.ShopperEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Recommendation meters: served lists and their latency, and the impressions and clicks that echo a
 * {@code recommendationId}, per {@code placement} (from the event's {@code context.placement}).
 * Placements are bounded: unknown shapes and any beyond the first {@link #MAX_PLACEMENTS} count as
 * {@code other}, so a client cannot blow up the tag cardinality.
 */
// Created at start-up, not on the first request that needs it: the meters are on /q/metrics from the start.
@Startup
@Singleton
public class RecommendMetrics {

    public static final String IMPRESSIONS = "lodestone.recommend.impressions";
    public static final String CLICKS = "lodestone.recommend.clicks";
    public static final String SERVED = "lodestone.recommend.served";
    public static final String PLACEMENT_KEY = "placement";
    static final int MAX_PLACEMENTS = 32;
    private static final Pattern PLACEMENT = Pattern.compile("[a-z0-9_.-]{1,32}");

    private final MeterRegistry registry;
    private final Map<String, Counter> impressions = new ConcurrentHashMap<>();
    private final Map<String, Counter> clicks = new ConcurrentHashMap<>();
    private final Timer served;

    RecommendMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.served = Timer.builder(SERVED)
                .description("Recommendation lists served, and the time to build them (Redis read + ranking)")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(2))
                .register(registry);
        counter(impressions, IMPRESSIONS, "other");
        counter(clicks, CLICKS, "other");
    }

    public void served(Duration elapsed) {
        served.record(elapsed);
    }

    /** Counts an accepted impression or click that names the recommendation it came from. */
    public void feedback(ShopperEvent event) {
        if (event.recommendationId() == null) {
            return;
        }
        Map<String, Counter> counters =
                event.type() == EventType.IMPRESSION ? impressions : event.type() == EventType.CLICK ? clicks : null;
        if (counters == null) {
            return;
        }
        String placement = event.context() == null ? null : event.context().get(PLACEMENT_KEY);
        if (placement == null
                || !PLACEMENT.matcher(placement).matches()
                || (!counters.containsKey(placement) && counters.size() >= MAX_PLACEMENTS)) {
            placement = "other";
        }
        counter(counters, event.type() == EventType.IMPRESSION ? IMPRESSIONS : CLICKS, placement)
                .increment();
    }

    private Counter counter(Map<String, Counter> counters, String name, String placement) {
        return counters.computeIfAbsent(
                placement,
                p -> Counter.builder(name)
                        .description("Recommendation feedback events that echo a recommendationId")
                        .tag("placement", p)
                        .register(registry));
    }
}
