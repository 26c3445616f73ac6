package dev.lodestone.platform.metrics;

import dev.lodestone.ingest.EventType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine's own meters, named {@code lodestone.<feature>.<event>} with few, bounded tags.
 * Meters are created up front so a scrape shows them at zero before the first event.
 */
@Singleton
public class LodestoneMetrics {

    public static final String INGEST_EVENTS = "lodestone.ingest.events";
    public static final String DEAD_LETTERS = "lodestone.ingest.dead.letters";
    public static final String FRESHNESS = "lodestone.freshness";

    /** Outcome tag values of {@link #INGEST_EVENTS}. */
    public enum Outcome {
        ACCEPTED,
        REJECTED,
        FAILED;

        String tag() {
            return name().toLowerCase();
        }
    }

    private final MeterRegistry registry;
    private final Map<Outcome, Map<EventType, Counter>> ingest = new EnumMap<>(Outcome.class);
    private final Map<Outcome, Counter> ingestUnknownType = new EnumMap<>(Outcome.class);
    private final Counter deadLetters;
    private final Map<String, Timer> freshness = new ConcurrentHashMap<>();

    LodestoneMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Outcome outcome : Outcome.values()) {
            Map<EventType, Counter> byType = new EnumMap<>(EventType.class);
            for (EventType type : EventType.values()) {
                byType.put(type, ingestCounter(type.wireName(), outcome));
            }
            ingest.put(outcome, byType);
            ingestUnknownType.put(outcome, ingestCounter("unknown", outcome));
        }
        deadLetters = Counter.builder(DEAD_LETTERS)
                .description("Records sent to a dead-letter topic (shopper-events-dlq, streams-dlq)")
                .register(registry);
        freshnessTimer("activity");
    }

    private Counter ingestCounter(String type, Outcome outcome) {
        return Counter.builder(INGEST_EVENTS)
                .description("Shopper events received by the intake")
                .tag("type", type)
                .tag("outcome", outcome.tag())
                .register(registry);
    }

    /** Counts intake outcomes; {@code type} null for events whose type could not be read. */
    public void ingested(EventType type, Outcome outcome, int count) {
        (type == null ? ingestUnknownType.get(outcome) : ingest.get(outcome).get(type)).increment(count);
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
