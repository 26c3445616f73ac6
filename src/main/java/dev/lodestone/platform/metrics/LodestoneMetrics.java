package dev.lodestone.platform.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The platform's own meters (dead letters, read-model freshness); features register theirs, named {@code lodestone.<feature>.<event>} with few, bounded tags.
 * Meters are created up front so a scrape shows them at zero before the first event.
 */
@Singleton
public class LodestoneMetrics {

    public static final String DEAD_LETTERS = "lodestone.ingest.dead.letters";
    public static final String FRESHNESS = "lodestone.freshness";

    private final MeterRegistry registry;
    private final Counter deadLetters;
    private final Map<String, Timer> freshness = new ConcurrentHashMap<>();

    LodestoneMetrics(MeterRegistry registry) {
        this.registry = registry;
        deadLetters = Counter.builder(DEAD_LETTERS)
                .description("Records sent to a dead-letter topic (shopper-events-dlq, streams-dlq)")
                .register(registry);
        freshnessTimer("activity");
    }

    public void deadLetter() {
        deadLetters.increment();
    }

    /** Records the freshness of one read model ({@code view}: activity, profile, points …). */
    public void freshness(String view, Duration elapsed) {
        if (!elapsed.isNegative()) {
            freshnessTimer(view).record(elapsed);
        }
    }

    private Timer freshnessTimer(String view) {
        return freshness.computeIfAbsent(
                view,
                v -> Timer.builder(FRESHNESS)
                        .description("Time from an event accepted by the intake until it is visible in Redis")
                        .tag("view", v)
                        .publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofMillis(1))
                        .maximumExpectedValue(Duration.ofSeconds(30))
                        .register(registry));
    }
}
