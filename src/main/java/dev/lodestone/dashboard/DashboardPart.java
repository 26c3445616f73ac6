package dev.lodestone.dashboard;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one task of the topology counted, published once per interval on {@code dashboard-parts} under its
 * source ({@code events-<task>}, {@code points-<task>}, {@code gifts-<task>}). Tasks own disjoint shoppers
 * (and gifts), so parts add up: the dashboard is their sum ({@link DashboardSnapshot#assemble}). A field a
 * source does not count is absent.
 *
 * @param events events per type over the last {@code rateWindowSeconds} of processing time
 * @param activeShoppers shoppers with an event received in the last active window (5 minutes)
 * @param day the UTC day the day counters ({@code funnel}, {@code placements}, {@code variants}, points) are of
 * @param funnel shoppers today who viewed, clicked, added to cart, bought (each step counted once per shopper)
 * @param placements recommendation impressions and clicks today by {@code context.placement}
 * @param variants recommendation impressions and clicks today by {@code <experiment>~<variant>}
 * @param lowStock gifts whose stock is at or below the low-stock mark
 * @param numbers what a feature plugged into the dashboard counts (chat, community, signals): its part's
 *     source is {@code <panel>-<task>} and its numbers add up across parts under the panel's name
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DashboardPart(
        String source,
        Instant at,
        Integer rateWindowSeconds,
        Map<String, Long> events,
        Long activeShoppers,
        String day,
        Map<String, Long> funnel,
        Map<String, Feedback> placements,
        Map<String, Feedback> variants,
        Long pointsIssued,
        Long pointsRedeemed,
        List<LowStock> lowStock,
        Map<String, Double> numbers) {

    /**
     * A task whose part has not changed publishes it again only every this many intervals (a heartbeat): an
     * idle engine then commits almost nothing, since Kafka Streams commits every task that punctuated.
     */
    public static final int HEARTBEAT_INTERVALS = 10;

    /** A part older than this many intervals is left out of the sum: its task moved or went away. */
    public static final int STALE_INTERVALS = 3 * HEARTBEAT_INTERVALS;

    /** Recommendation impressions and clicks. */
    public record Feedback(long impressions, long clicks) {
        public Feedback plus(Feedback other) {
            return new Feedback(impressions + other.impressions, clicks + other.clicks);
        }
    }

    /** A gift running low. */
    public record LowStock(String giftId, String name, long stock) {}

    public static DashboardPart events(
            String source,
            Instant at,
            int rateWindowSeconds,
            Map<String, Long> events,
            long activeShoppers,
            String day,
            Map<String, Long> funnel,
            Map<String, Feedback> placements,
            Map<String, Feedback> variants) {
        return new DashboardPart(
                source,
                at,
                rateWindowSeconds,
                events,
                activeShoppers,
                day,
                funnel,
                placements,
                variants,
                null,
                null,
                null,
                null);
    }

    public static DashboardPart points(String source, Instant at, String day, long issued, long redeemed) {
        return new DashboardPart(source, at, null, null, null, day, null, null, null, issued, redeemed, null, null);
    }

    public static DashboardPart gifts(String source, Instant at, List<LowStock> lowStock) {
        return new DashboardPart(source, at, null, null, null, null, null, null, null, null, null, lowStock, null);
    }
}
