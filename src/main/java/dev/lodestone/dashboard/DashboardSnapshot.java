package dev.lodestone.dashboard;

import dev.lodestone.dashboard.DashboardPart.Feedback;
import dev.lodestone.dashboard.DashboardPart.LowStock;
import dev.lodestone.experiments.ExperimentResults;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One update of the live dashboard: the sum of the tasks' latest parts, with the trending items and the
 * engine's own meters beside them. Nothing here is computed from raw events: every number was counted
 * by the topology ({@link DashboardPart}); {@link #assemble} only adds the parts up and divides rates.
 *
 * @param panels the panels their features compute (chat, community, signals): live with their numbers,
 *     "unavailable" when the feature failed or answered late, "not available yet" when none computes it
 * @param freshnessP99Ms event accepted → visible in Redis, 99th percentile over the last minute, as the upper
 *     bound of its histogram bucket; null without data
 * @param streamsLag records Kafka Streams trails its input topics by (this instance's gauge)
 * @param projectionLag records the Redis projections trail their topics by (this instance's gauge)
 * @param experiment the running experiment's results (docs/experiments.md), refreshed every few seconds; null
 *     when none runs
 */
public record DashboardSnapshot(
        Instant at,
        int parts,
        Map<String, Double> eventsPerSecond,
        double totalEventsPerSecond,
        long activeShoppers,
        List<Trending> trending,
        String day,
        Map<String, Long> funnel,
        Map<String, Ctr> placements,
        Map<String, Ctr> variants,
        long pointsIssued,
        long pointsRedeemed,
        List<LowStock> lowStock,
        Map<String, Panel> panels,
        Double freshnessP99Ms,
        Double streamsLag,
        Double projectionLag,
        ExperimentResults experiment) {

    /**
     * The panels other features fill (a {@code platform/dashboard/DashboardPanel} bean, or parts under the
     * panel's name); each says "not available yet" until one does.
     */
    public static final List<String> PLUGGED_PANELS = List.of("chat", "community", "signals");

    /** A trending item with its catalog title (null when the catalog does not know it). */
    public record Trending(String itemId, String title, double score) {}

    /** Impressions, clicks and their ratio (null without impressions). */
    public record Ctr(long impressions, long clicks, Double ctr) {
        static Ctr of(Feedback f) {
            return new Ctr(
                    f.impressions(), f.clicks(), f.impressions() == 0 ? null : (double) f.clicks() / f.impressions());
        }
    }

    /** A plugged panel: its numbers once its feature computes them. */
    public record Panel(boolean available, String status, Map<String, Double> numbers) {}

    /** What the engine's meters say, beside the parts. */
    public record Meters(Double freshnessP99Ms, Double streamsLag, Double projectionLag) {
        public static final Meters NONE = new Meters(null, null, null);
    }

    /**
     * Adds the parts up. Parts older than {@code staleAfter} are left out (a task that moved or went away);
     * day counters count only the parts of {@code now}'s UTC day.
     */
    public static DashboardSnapshot assemble(
            Collection<DashboardPart> parts,
            Instant now,
            Duration staleAfter,
            List<Trending> trending,
            Meters meters,
            ExperimentResults experiment) {
        return assemble(parts, now, staleAfter, trending, meters, experiment, Map.of());
    }

    /**
     * Adds the parts up and sets the panels their features computed ({@link DashboardPanel}): by panel name,
     * its numbers, or null when the feature failed or answered late ("unavailable"). A computed panel takes
     * the place of parts published under the same name.
     */
    public static DashboardSnapshot assemble(
            Collection<DashboardPart> parts,
            Instant now,
            Duration staleAfter,
            List<Trending> trending,
            Meters meters,
            ExperimentResults experiment,
            Map<String, Map<String, Double>> computed) {
        String today = now.atZone(java.time.ZoneOffset.UTC).toLocalDate().toString();
        Map<String, Double> rates = new TreeMap<>();
        long active = 0;
        Map<String, Long> funnel = new LinkedHashMap<>();
        for (String step : List.of("view", "click", "add_to_cart", "purchase")) {
            funnel.put(step, 0L);
        }
        Map<String, Feedback> placements = new TreeMap<>();
        Map<String, Feedback> variants = new TreeMap<>();
        long issued = 0;
        long redeemed = 0;
        List<LowStock> lowStock = new ArrayList<>();
        Map<String, Map<String, Double>> plugged = new TreeMap<>();
        int used = 0;
        for (DashboardPart part : parts) {
            if (part.at() == null || part.at().isBefore(now.minus(staleAfter))) {
                continue;
            }
            used++;
            if (part.events() != null && part.rateWindowSeconds() != null && part.rateWindowSeconds() > 0) {
                int window = part.rateWindowSeconds();
                part.events().forEach((type, n) -> rates.merge(type, (double) n / window, Double::sum));
            }
            if (part.activeShoppers() != null) {
                active += part.activeShoppers();
            }
            boolean isToday = today.equals(part.day());
            if (isToday && part.funnel() != null) {
                part.funnel().forEach((step, n) -> funnel.merge(step, n, Long::sum));
            }
            if (isToday && part.placements() != null) {
                part.placements().forEach((p, f) -> placements.merge(p, f, Feedback::plus));
            }
            if (isToday && part.variants() != null) {
                part.variants().forEach((v, f) -> variants.merge(v, f, Feedback::plus));
            }
            if (isToday && part.pointsIssued() != null) {
                issued += part.pointsIssued();
            }
            if (isToday && part.pointsRedeemed() != null) {
                redeemed += part.pointsRedeemed();
            }
            if (part.lowStock() != null) {
                lowStock.addAll(part.lowStock());
            }
            if (part.numbers() != null && part.source() != null && part.source().contains("-")) {
                String panel = part.source().substring(0, part.source().indexOf('-'));
                part.numbers()
                        .forEach((name, v) -> plugged.computeIfAbsent(panel, p -> new TreeMap<>())
                                .merge(name, v, Double::sum));
            }
        }
        lowStock.sort(Comparator.comparingLong(LowStock::stock).thenComparing(LowStock::giftId));
        Map<String, Panel> panels = new LinkedHashMap<>();
        for (String name : PLUGGED_PANELS) {
            Map<String, Double> numbers = plugged.get(name);
            if (computed.containsKey(name)) {
                Map<String, Double> own = computed.get(name);
                panels.put(
                        name,
                        own == null
                                ? new Panel(false, "unavailable", Map.of())
                                : new Panel(true, "live", new LinkedHashMap<>(own)));
            } else {
                panels.put(
                        name,
                        numbers == null
                                ? new Panel(false, "not available yet", Map.of())
                                : new Panel(true, "live", numbers));
            }
        }
        Map<String, Ctr> placementCtr = new TreeMap<>();
        placements.forEach((k, f) -> placementCtr.put(k, Ctr.of(f)));
        Map<String, Ctr> variantCtr = new TreeMap<>();
        variants.forEach((k, f) -> variantCtr.put(k, Ctr.of(f)));
        double total = rates.values().stream().mapToDouble(Double::doubleValue).sum();
        return new DashboardSnapshot(
                now,
                used,
                rates,
                total,
                active,
                trending,
                today,
                funnel,
                placementCtr,
                variantCtr,
                issued,
                redeemed,
                List.copyOf(lowStock),
                panels,
                meters.freshnessP99Ms(),
                meters.streamsLag(),
                meters.projectionLag(),
                experiment);
    }
}
