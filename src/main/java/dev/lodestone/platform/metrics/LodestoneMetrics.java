package dev.lodestone.platform.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The platform's own meters (dead letters, read-model freshness); features register theirs, named {@code lodestone.<feature>.<event>} with few, bounded tags.
 * Meters are created up front so a scrape shows them at zero before the first event; docs/metrics.md
 * lists every one.
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
    }

    public void deadLetter() {
        deadLetters.increment();
    }

    /**
     * The freshness clock of one read model ({@code view}: activity, profile, points …), registered now so a scrape shows it before its first
     * write. A projection keeps it and reports each record it made visible.
     */
    public Freshness freshness(String view) {
        return new Freshness(freshnessTimer(view));
    }

    /** How long the records of one read model took from the engine's front door to Redis. */
    public static final class Freshness {
        private final Timer timer;

        Freshness(Timer timer) {
            this.timer = timer;
        }

        /**
         * Records a write visible now of a record stamped {@code timestampMs}: the time the intake (or
         * the API, for catalog and points commands) produced what it derives from.
         */
        public void visibleSince(long timestampMs) {
            long elapsed = System.currentTimeMillis() - timestampMs;
            if (elapsed >= 0) {
                timer.record(elapsed, TimeUnit.MILLISECONDS);
            }
        }
    }

    private Timer freshnessTimer(String view) {
        return freshness.computeIfAbsent(
                view,
                v -> Timer.builder(FRESHNESS)
                        .description("Time from an event accepted by the intake until it is visible in Redis")
                        .tag("view", v)
                        // Fixed buckets around the freshness targets: enough for histogram_quantile and
                        // SLO alerts, a seventh of the lines of a percentile histogram per view.
                        .serviceLevelObjectives(FRESHNESS_BUCKETS)
                        .register(registry));
    }

    /** Bucket bounds of {@link #FRESHNESS}. */
    static final Duration[] FRESHNESS_BUCKETS = {
        Duration.ofMillis(10),
        Duration.ofMillis(25),
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofMillis(2500),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        Duration.ofSeconds(60)
    };
}
