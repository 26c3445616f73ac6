package dev.lodestone.recommend;

import dev.lodestone.shopper.EventType;
import dev.lodestone.shopper.ShopperEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
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
    public static final String PATH = "lodestone.recommend.path";
    public static final String PLAIN_READS = "lodestone.recommend.plain.reads";
    public static final String NEAR_CACHE_SHOPPERS = "lodestone.recommend.near.cache.shoppers";
    public static final String NEAR_CACHE_TRACKING = "lodestone.recommend.near.cache.tracking";
    public static final String NEAR_CACHE_CAPACITY = "lodestone.recommend.near.cache.capacity";
    public static final String NEAR_CACHE_FOLLOWED = "lodestone.recommend.near.cache.followed";
    public static final String PLACEMENT_KEY = "placement";
    static final int MAX_PLACEMENTS = 32;
    private static final Pattern PLACEMENT = Pattern.compile("[a-z0-9_.-]{1,32}");

    private final MeterRegistry registry;
    private final Map<String, Counter> impressions = new ConcurrentHashMap<>();
    private final Map<String, Counter> clicks = new ConcurrentHashMap<>();
    private final Timer served;
    private final Counter kept;
    private final Counter ownEvents;
    private final Counter ranked;
    private final Counter fromMemory;
    private final Counter fromRedis;
    private final Counter followed;

    public RecommendMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.served = Timer.builder(SERVED)
                .description("Recommendation lists served, and the time to build them (Redis read + ranking)")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(2))
                .register(registry);
        this.kept = pathCounter(registry, "kept");
        this.ranked = pathCounter(registry, "ranked");
        this.ownEvents = pathCounter(registry, "own_events");
        this.fromMemory = plainReadCounter(registry, "memory");
        this.fromRedis = plainReadCounter(registry, "redis");
        this.followed = Counter.builder(NEAR_CACHE_FOLLOWED)
                .description("Shoppers the near cache read again right after Redis pushed a change of their keys")
                .register(registry);
        counter(impressions, IMPRESSIONS, "other");
        counter(clicks, CLICKS, "other");
    }

    public void served(Duration elapsed) {
        served.record(elapsed);
    }

    /** Where a shopper's plain list came from: the kept candidates, or ranked on the request. */
    public enum Path {
        KEPT,
        RANKED,
        /** Ranked with the items of events this instance accepted that the profile did not show yet. */
        OWN_EVENTS
    }

    /** Counts how a plain list (no context, category or price) was answered. */
    public void path(Path path) {
        (switch (path) {
                    case KEPT -> kept;
                    case RANKED -> ranked;
                    case OWN_EVENTS -> ownEvents;
                })
                .increment();
    }

    /** Counts where a plain list's read came from: this instance's near cache, or Redis. */
    public void plainRead(boolean inMemory) {
        (inMemory ? fromMemory : fromRedis).increment();
    }

    /** Counts shoppers the near cache read and kept right after a change of their keys. */
    public void followed(int shoppers) {
        followed.increment(shoppers);
    }

    /**
     * The near cache's gauges: shoppers held, how many it may hold (0 when off), and whether Redis's
     * invalidation pushes are arriving (1).
     */
    public void nearCache(Supplier<Number> shoppers, int capacity, BooleanSupplier tracking) {
        Gauge.builder(NEAR_CACHE_SHOPPERS, shoppers)
                .description("Shoppers whose plain read this instance holds (near cache)")
                .register(registry);
        Gauge.builder(NEAR_CACHE_CAPACITY, () -> capacity)
                .description("Shoppers this instance's near cache may hold (0 when off)")
                .register(registry);
        Gauge.builder(NEAR_CACHE_TRACKING, () -> tracking.getAsBoolean() ? 1 : 0)
                .description("1 while Redis pushes this instance the changes of the keys the near cache holds")
                .register(registry);
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

    private static Counter pathCounter(MeterRegistry registry, String path) {
        return Counter.builder(PATH)
                .description("Plain recommendation lists answered from the shopper's kept candidates (kept),"
                        + " ranked on the request because none were usable (ranked), or ranked with events this"
                        + " instance accepted that the profile did not show yet (own_events)")
                .tag("path", path)
                .register(registry);
    }

    private static Counter plainReadCounter(MeterRegistry registry, String source) {
        return Counter.builder(PLAIN_READS)
                .description("Reads of a shopper's kept candidates and marks for a plain list, from this"
                        + " instance's near cache (memory) or from Redis (redis)")
                .tag("source", source)
                .register(registry);
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
