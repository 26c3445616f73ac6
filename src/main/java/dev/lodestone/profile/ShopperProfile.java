package dev.lodestone.profile;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.lodestone.catalog.CatalogItem;
import dev.lodestone.platform.kafka.streams.EventTime;
import dev.lodestone.shopper.EventType;
import dev.lodestone.shopper.ShopperEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A shopper's time-decayed preferences, recent and purchased items.
 *
 * <p>Every affinity is stored as its value at {@code asOf}, the newest event time applied; an older
 * (out-of-order) event is decayed to {@code asOf} before it is added, so the result does not depend
 * on arrival order. Every collection is bounded by {@link ProfileSettings}.
 *
 * @param categories affinity per category level ({@code 电子产品}, {@code 电子产品/手机}, ...)
 * @param priceBands affinity per geometric price band, with the lowest and highest price seen in it
 * @param recent newest first, one entry per item, weight = strongest event weight seen for it
 * @param pending engagements with items the catalog did not know yet; folded in once it does
 * @param version strictly increasing (never below the intake time in microseconds), so a projection
 *     that forgot the shopper still accepts the next profile
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ShopperProfile(
        String shopperKey,
        String userId,
        String sessionId,
        Instant asOf,
        Map<String, Double> categories,
        Map<String, Double> brands,
        Map<Integer, PriceBand> priceBands,
        List<RecentItem> recent,
        List<PurchasedItem> purchased,
        List<PendingItem> pending,
        long version,
        Instant lastReceivedAt) {

    /** An item engaged recently. */
    public record RecentItem(String itemId, Instant at, double weight) {}

    /** An item bought. */
    public record PurchasedItem(String itemId, Instant at) {}

    /** An engagement waiting for its catalog entry. */
    public record PendingItem(String itemId, Instant at, double weight, Double price) {}

    /** Affinity for a price band and the price range actually seen in it. */
    public record PriceBand(double score, double min, double max) {}

    /** A named affinity, for the API. */
    public record Affinity(String name, double score) {}

    /** The preferred price range. */
    public record PriceRange(double min, double max) {}

    private static final Comparator<RecentItem> NEWEST_FIRST =
            Comparator.comparing(RecentItem::at).reversed().thenComparing(RecentItem::itemId);

    public static ShopperProfile empty(String shopperKey) {
        return new ShopperProfile(
                shopperKey, null, null, null, Map.of(), Map.of(), Map.of(), List.of(), List.of(), List.of(), 0, null);
    }

    /**
     * This profile with one event applied.
     *
     * @param item the event's item from the catalog, or null when unknown
     * @param catalog looks up pending items, which are folded in as soon as the catalog knows them
     */
    public ShopperProfile apply(
            ShopperEvent event, CatalogItem item, Function<String, CatalogItem> catalog, ProfileSettings settings) {
        double weight = settings.weight(event);
        // Saturating: no event time, however absurd, may throw here and stop the stream.
        long at = EventTime.millis(event.occurredAt());
        long reference = asOf == null ? at : Math.max(EventTime.millis(asOf), at);
        double shift = asOf == null ? 1 : settings.decay(EventTime.millis(asOf), reference);
        Map<String, Double> cats = scaled(categories, shift);
        Map<String, Double> brnds = scaled(brands, shift);
        Map<Integer, PriceBand> bands = new TreeMap<>();
        priceBands.forEach((band, p) -> bands.put(band, new PriceBand(p.score() * shift, p.min(), p.max())));

        List<PendingItem> stillPending = new ArrayList<>();
        for (PendingItem p : pending) {
            CatalogItem known = catalog.apply(p.itemId());
            if (known != null) {
                double w = p.weight() * settings.decay(EventTime.millis(p.at()), reference);
                addAffinities(cats, brnds, bands, known, p.price(), w, settings);
            } else {
                stillPending.add(p);
            }
        }
        if (event.itemId() != null && weight != 0) {
            Double price = event.price() != null ? Double.valueOf(event.price().doubleValue()) : null;
            if (item != null) {
                addAffinities(cats, brnds, bands, item, price, weight * settings.decay(at, reference), settings);
            } else {
                stillPending.add(new PendingItem(event.itemId(), event.occurredAt(), weight, price));
                stillPending.sort(Comparator.comparing(PendingItem::at).reversed());
                if (stillPending.size() > settings.pendingItems()) {
                    stillPending = new ArrayList<>(stillPending.subList(0, settings.pendingItems()));
                }
            }
        }
        return new ShopperProfile(
                shopperKey != null ? shopperKey : event.shopperKey(),
                userId != null ? userId : event.userId(),
                sessionId != null ? sessionId : event.sessionId(),
                Instant.ofEpochMilli(reference),
                top(cats, settings.maxCategories()),
                top(brnds, settings.maxBrands()),
                positiveBands(bands),
                weight > 0 ? withRecent(event.itemId(), event.occurredAt(), weight, settings.recentItems()) : recent,
                withPurchase(event, settings.purchasedItems()),
                List.copyOf(stillPending),
                Math.max(version + 1, EventTime.micros(event.receivedAt())),
                lastReceivedAt == null || event.receivedAt().isAfter(lastReceivedAt)
                        ? event.receivedAt()
                        : lastReceivedAt);
    }

    private static void addAffinities(
            Map<String, Double> cats,
            Map<String, Double> brnds,
            Map<Integer, PriceBand> bands,
            CatalogItem item,
            Double eventPrice,
            double w,
            ProfileSettings settings) {
        for (String level : item.categoryLevels()) {
            cats.merge(level, w, Double::sum);
        }
        if (item.brand() != null) {
            brnds.merge(item.brand(), w, Double::sum);
        }
        Double price = eventPrice != null ? eventPrice : item.price();
        if (price != null && price > 0) {
            bands.merge(
                    settings.priceBand(price),
                    new PriceBand(w, price, price),
                    (a, b) -> new PriceBand(
                            a.score() + b.score(), Math.min(a.min(), b.min()), Math.max(a.max(), b.max())));
        }
    }

    private List<RecentItem> withRecent(String itemId, Instant at, double weight, int max) {
        if (itemId == null) {
            return recent;
        }
        List<RecentItem> items = new ArrayList<>(recent.size() + 1);
        RecentItem merged = new RecentItem(itemId, at, weight);
        for (RecentItem r : recent) {
            if (r.itemId().equals(itemId)) {
                merged = new RecentItem(itemId, r.at().isAfter(at) ? r.at() : at, Math.max(r.weight(), weight));
            } else {
                items.add(r);
            }
        }
        items.add(merged);
        items.sort(NEWEST_FIRST);
        return List.copyOf(items.size() > max ? items.subList(0, max) : items);
    }

    private List<PurchasedItem> withPurchase(ShopperEvent event, int max) {
        if (event.itemId() == null || (event.type() != EventType.PURCHASE && event.type() != EventType.REFUND)) {
            return purchased;
        }
        List<PurchasedItem> items = new ArrayList<>(purchased.size() + 1);
        PurchasedItem kept =
                event.type() == EventType.PURCHASE ? new PurchasedItem(event.itemId(), event.occurredAt()) : null;
        for (PurchasedItem p : purchased) {
            if (p.itemId().equals(event.itemId())) {
                if (kept != null && p.at().isAfter(kept.at())) {
                    kept = p;
                }
            } else {
                items.add(p);
            }
        }
        if (kept != null) {
            items.add(kept);
        }
        items.sort(Comparator.comparing(PurchasedItem::at).reversed().thenComparing(PurchasedItem::itemId));
        return List.copyOf(items.size() > max ? items.subList(0, max) : items);
    }

    private static Map<String, Double> scaled(Map<String, Double> scores, double factor) {
        Map<String, Double> copy = new HashMap<>(scores.size() + 4);
        scores.forEach((k, v) -> copy.put(k, v * factor));
        return copy;
    }

    private static Map<String, Double> top(Map<String, Double> scores, int max) {
        Map<String, Double> kept = new TreeMap<>();
        int positive = 0;
        for (double score : scores.values()) {
            if (score > 1e-9) {
                positive++;
            }
        }
        if (positive <= max) {
            // Every positive affinity is kept, so there is nothing to rank: most shoppers hold fewer
            // categories and brands than the bound, and this runs for every event of every shopper.
            scores.forEach((name, score) -> {
                if (score > 1e-9) {
                    kept.put(name, score);
                }
            });
            return kept;
        }
        scores.entrySet().stream()
                .filter(e -> e.getValue() > 1e-9)
                .sorted(Map.Entry.<String, Double>comparingByValue()
                        .reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(max)
                .forEach(e -> kept.put(e.getKey(), e.getValue()));
        return kept;
    }

    private static Map<Integer, PriceBand> positiveBands(Map<Integer, PriceBand> bands) {
        Map<Integer, PriceBand> kept = new TreeMap<>();
        bands.forEach((k, v) -> {
            if (v.score() > 1e-9) {
                kept.put(k, v);
            }
        });
        return kept;
    }

    /** Affinities sorted best first, decayed to {@code now}. */
    public static List<Affinity> ranked(Map<String, Double> scores, double decay, int limit) {
        return scores.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue()
                        .reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(limit)
                .map(e -> new Affinity(e.getKey(), Math.round(e.getValue() * decay * 10_000) / 10_000.0))
                .toList();
    }

    /**
     * The price range holding the central 80% of the price-band affinity: from the lowest price seen
     * in the band at the 10th percentile to the highest seen in the band at the 90th. Null if no prices.
     */
    public PriceRange priceRange() {
        double total =
                priceBands.values().stream().mapToDouble(PriceBand::score).sum();
        if (total <= 0) {
            return null;
        }
        double low = 0.1 * total;
        double high = 0.9 * total;
        double running = 0;
        Double min = null;
        double max = 0;
        for (PriceBand band : new TreeMap<>(priceBands).values()) {
            double before = running;
            running += band.score();
            if (running >= low && before <= high) {
                if (min == null) {
                    min = band.min();
                }
                max = band.max();
            }
        }
        return min == null ? null : new PriceRange(min, max);
    }
}
