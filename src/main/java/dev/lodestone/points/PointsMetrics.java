package dev.lodestone.points;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code lodestone.points.requests}: redemption, exchange and coupon calls answered by this instance,
 * tagged by {@code kind} and {@code outcome} (the decision's code, {@code ok} or {@code pending}).
 * Both tags come from small closed sets.
 */
@Singleton
public class PointsMetrics {

    public static final String REQUESTS = "lodestone.points.requests";

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    PointsMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void answered(String kind, Decision decision) {
        String outcome = decision == null ? "pending" : decision.ok() ? "ok" : decision.code();
        counters.computeIfAbsent(
                        kind + "|" + outcome,
                        k -> Counter.builder(REQUESTS)
                                .description("Points requests answered, by kind and outcome")
                                .tag("kind", kind)
                                .tag("outcome", outcome == null ? "refused" : outcome)
                                .register(registry))
                .increment();
    }
}
