package dev.lodestone.ingest;

import dev.lodestone.shopper.EventType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import java.util.EnumMap;
import java.util.Map;

/**
 * The intake's meters: events received by type and outcome. Created up front so a scrape shows every
 * combination at zero before the first event.
 */
// Created at start-up, not on the first request that needs it: the meters are on /q/metrics from the start.
@Startup
@Singleton
public class IngestMetrics {

    public static final String INGEST_EVENTS = "lodestone.ingest.events";

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

    IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Outcome outcome : Outcome.values()) {
            Map<EventType, Counter> byType = new EnumMap<>(EventType.class);
            for (EventType type : EventType.values()) {
                byType.put(type, counter(type.wireName(), outcome));
            }
            ingest.put(outcome, byType);
            ingestUnknownType.put(outcome, counter("unknown", outcome));
        }
    }

    private Counter counter(String type, Outcome outcome) {
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
}
