package dev.lodestone.signals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lodestone.catalog.CatalogItem;
import dev.lodestone.catalog.CatalogTopics;
import dev.lodestone.engine.EngineConfig;
import dev.lodestone.ingest.IngestTopics;
import dev.lodestone.signals.streams.SignalsTopology;
import dev.lodestone.support.TopologyHarness;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The funnels on the production topology against a hand count: a generated log of 20,000 events over
 * three days and two top-level categories, counted again by the plain sequential counter below.
 */
class FunnelTopologyTest {

    private static final Instant DAY1 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration WINDOW = Duration.ofHours(24);
    private static final int EVENTS = 20_000;
    private static final int SHOPPERS = 400;
    private static final int ITEMS = 40;
    private static final List<String> CATEGORIES = List.of("服装", "电子产品");
    private static final List<String> PLACEMENTS = List.of("home", "pdp");

    private TopologyHarness harness;
    private TestInputTopic<String, byte[]> events;

    record Event(
            String id, String type, String user, String item, String recommendationId, String placement, Instant at) {}

    @BeforeEach
    void setUp() {
        // The funnels read nothing the recommendation features compute: their item signals are switched off
        // (zero weights, no pairs) so that 20,000 events cost the funnel's work, not the similarity fan-out.
        harness = new TopologyHarness(EngineConfig.with(Map.of(
                "lodestone.streams.store-kind", "IN_MEMORY",
                "lodestone.signals.funnel.window", WINDOW.toString(),
                "lodestone.similarity.pair-items", "0",
                "lodestone.profile.weight-view", "0",
                "lodestone.profile.weight-click", "0",
                "lodestone.profile.weight-cart", "0",
                "lodestone.profile.weight-purchase", "0")));
        events = harness.input(IngestTopics.SHOPPER_EVENTS);
        TestInputTopic<String, CatalogItem> catalog = harness.input(CatalogTopics.CATALOG_ITEMS);
        for (int i = 0; i < ITEMS; i++) {
            String id = "item-" + i;
            catalog.pipeInput(
                    id,
                    new CatalogItem(
                            id,
                            "Item " + i,
                            category(i) + "/sub" + (i % 3),
                            "brand",
                            10.0,
                            "CNY",
                            null,
                            true,
                            null,
                            null,
                            DAY1),
                    DAY1);
        }
    }

    @AfterEach
    void tearDown() {
        harness.close();
    }

    @Test
    void shouldCountTheFunnelsAsAHandCountDoesOnTwentyThousandEvents() {
        List<Event> log = generate(new Random(14));
        for (Event e : log) {
            events.pipeInput("u:" + e.user(), json(e), e.at());
        }

        // Inside their window nobody is dropped yet, only steps are counted.
        Map<String, Map<String, Long>> open = handCount(log, false);
        Map<String, Map<String, Long>> counted = counted();
        assertEquals(steps(open), steps(counted), "steps per series and day");
        assertEquals(3 * (CATEGORIES.size() + PLACEMENTS.size()), counted.size(), "three days × four series");

        // Once every window has closed, each journey that stopped short is dropped at the step it reached.
        harness.advanceWallClockTime(Duration.ofDays(30));
        Map<String, Map<String, Long>> closed = handCount(log, true);
        assertEquals(closed, counted());
        long drops = closed.values().stream()
                .flatMap(m -> m.entrySet().stream())
                .filter(e -> e.getKey().startsWith("dropped."))
                .mapToLong(Map.Entry::getValue)
                .sum();
        assertTrue(drops > 1000, "a log where many drop: " + drops);
        assertTrue(closed.get("category|服装|2026-01-02").get("purchase") > 50, closed.toString());
        assertTrue(closed.get("placement|home|2026-01-03").get("purchase") > 5, closed.toString());
    }

    /** The log: views, carts, purchases, impressions and clicks of random shoppers, in time order. */
    private static List<Event> generate(Random random) {
        List<Event> log = new ArrayList<>(EVENTS);
        Map<String, Integer> lastItem = new HashMap<>();
        Map<String, String> lastRecommendation = new HashMap<>();
        Map<String, Integer> clicked = new HashMap<>();
        long span = Duration.ofDays(3).toMillis() - 1;
        for (int n = 0; n < EVENTS; n++) {
            Instant at = DAY1.plusMillis(span * n / EVENTS);
            String user = "f" + random.nextInt(SHOPPERS);
            int dice = random.nextInt(100);
            int item = random.nextInt(100) < 60 && lastItem.containsKey(user)
                    ? (lastItem.get(user) + (random.nextBoolean() ? 0 : 2)) % ITEMS
                    : random.nextInt(ITEMS);
            String rec = null;
            String placement = null;
            String type;
            if (dice < 35) {
                type = "view";
            } else if (dice < 55) {
                type = "impression";
                rec = "rec-" + n;
                placement = PLACEMENTS.get(random.nextInt(PLACEMENTS.size()));
                lastRecommendation.put(user, rec);
            } else if (dice < 70) {
                type = "click";
                rec = lastRecommendation.get(user);
                if (rec == null) {
                    type = "view";
                } else {
                    clicked.put(user, item);
                }
            } else if (dice < 88) {
                type = "add_to_cart";
                if (random.nextBoolean() && clicked.containsKey(user)) {
                    item = clicked.get(user);
                    rec = random.nextBoolean() ? lastRecommendation.get(user) : null;
                }
            } else {
                type = "purchase";
                if (random.nextBoolean() && clicked.containsKey(user)) {
                    item = clicked.get(user);
                    rec = random.nextBoolean() ? lastRecommendation.get(user) : null;
                }
            }
            lastItem.put(user, item);
            log.add(new Event("fe-" + n, type, user, "item-" + item, rec, placement, at));
        }
        return log;
    }

    /**
     * The hand count: for each shopper and funnel, a journey starts at the entering step and moves one
     * step at a time while inside the window; every count goes to the entry day.
     */
    private static Map<String, Map<String, Long>> handCount(List<Event> log, boolean allWindowsClosed) {
        record Open(String series, String day, Instant start, int step, Set<String> items) {}
        List<String> categorySteps = List.of("view", "add_to_cart", "purchase");
        List<String> placementSteps = List.of("impression", "click", "add_to_cart", "purchase");
        Map<String, Map<String, Long>> counts = new TreeMap<>();
        Map<String, Map<String, Open>> byShopper = new HashMap<>();
        for (Event e : log) {
            Map<String, Open> open = byShopper.computeIfAbsent(e.user(), u -> new HashMap<>());
            // Windows this event shows to have passed close first.
            for (var it = open.entrySet().iterator(); it.hasNext(); ) {
                Open o = it.next().getValue();
                if (e.at().isAfter(o.start().plus(WINDOW))) {
                    List<String> steps = o.series().startsWith("category") ? categorySteps : placementSteps;
                    bump(counts, o.series(), o.day(), "dropped." + steps.get(o.step() - 1));
                    it.remove();
                }
            }
            String day = e.at().atOffset(ZoneOffset.UTC).toLocalDate().toString();
            // Category funnel.
            int c = categorySteps.indexOf(e.type());
            if (c >= 0) {
                String cat = category(Integer.parseInt(e.item().substring(5)));
                String id = "c:" + cat;
                Open o = open.get(id);
                if (c == 0 && o == null) {
                    open.put(id, new Open("category|" + cat, day, e.at(), 1, Set.of()));
                    bump(counts, "category|" + cat, day, "view");
                } else if (c > 0 && o != null && o.step() == c) {
                    bump(counts, o.series(), o.day(), categorySteps.get(c));
                    if (c == categorySteps.size() - 1) {
                        open.remove(id);
                    } else {
                        open.put(id, new Open(o.series(), o.day(), o.start(), c + 1, o.items()));
                    }
                }
            }
            // Placement funnel.
            int p = placementSteps.indexOf(e.type());
            if (p == 0 && e.recommendationId() != null && !open.containsKey("r:" + e.recommendationId())) {
                open.put("r:" + e.recommendationId(), new Open("placement|" + e.placement(), day, e.at(), 1, Set.of()));
                bump(counts, "placement|" + e.placement(), day, "impression");
            } else if (p > 0) {
                List<String> ids = new ArrayList<>();
                if (e.recommendationId() != null) {
                    ids.add("r:" + e.recommendationId());
                } else if (p >= 2) {
                    open.forEach((id, o) -> {
                        if (id.startsWith("r:") && o.items().contains(e.item())) {
                            ids.add(id);
                        }
                    });
                }
                for (String id : ids) {
                    Open o = open.get(id);
                    if (o != null && o.step() == p) {
                        bump(counts, o.series(), o.day(), placementSteps.get(p));
                        Set<String> items = new HashSet<>(o.items());
                        items.add(e.item());
                        if (p == placementSteps.size() - 1) {
                            open.remove(id);
                        } else {
                            open.put(id, new Open(o.series(), o.day(), o.start(), p + 1, Set.copyOf(items)));
                        }
                    }
                }
            }
        }
        if (allWindowsClosed) {
            byShopper
                    .values()
                    .forEach(open -> open.values().forEach(o -> {
                        List<String> steps = o.series().startsWith("category") ? categorySteps : placementSteps;
                        bump(counts, o.series(), o.day(), "dropped." + steps.get(o.step() - 1));
                    }));
        }
        return counts;
    }

    private static void bump(Map<String, Map<String, Long>> counts, String series, String day, String counter) {
        counts.computeIfAbsent(series + "|" + day, k -> new TreeMap<>()).merge(counter, 1L, Long::sum);
    }

    /** What the topology counted, in the hand count's shape: funnel series only. */
    private Map<String, Map<String, Long>> counted() {
        Map<String, Map<String, Long>> counts = new TreeMap<>();
        try (KeyValueIterator<String, DailyCounts> it =
                harness.<String, DailyCounts>store(SignalsTopology.DAILY_STORE).all()) {
            while (it.hasNext()) {
                KeyValue<String, DailyCounts> entry = it.next();
                if (entry.key.startsWith("category|") || entry.key.startsWith("placement|")) {
                    counts.put(entry.key, new TreeMap<>(entry.value.counts()));
                }
            }
        }
        return counts;
    }

    private static Map<String, Map<String, Long>> steps(Map<String, Map<String, Long>> counts) {
        Map<String, Map<String, Long>> steps = new TreeMap<>();
        counts.forEach((series, counters) -> {
            Map<String, Long> kept = new TreeMap<>(counters);
            kept.keySet().removeIf(k -> k.startsWith("dropped."));
            steps.put(series, kept);
        });
        return steps;
    }

    private static String category(int item) {
        return CATEGORIES.get(item % CATEGORIES.size());
    }

    private static byte[] json(Event e) {
        StringBuilder json = new StringBuilder(
                "{\"eventId\":\"" + e.id() + "\",\"type\":\"" + e.type() + "\",\"userId\":\"" + e.user() + "\"");
        if (!e.type().equals("impression")) {
            json.append(",\"itemId\":\"").append(e.item()).append('"');
        }
        if (e.recommendationId() != null) {
            json.append(",\"recommendationId\":\"").append(e.recommendationId()).append('"');
        }
        if (e.placement() != null) {
            json.append(",\"context\":{\"placement\":\"").append(e.placement()).append("\"}");
        }
        if (e.type().equals("purchase")) {
            json.append(",\"price\":10,\"currency\":\"CNY\",\"quantity\":1");
        }
        json.append(",\"occurredAt\":\"")
                .append(e.at())
                .append("\",\"receivedAt\":\"")
                .append(e.at())
                .append("\"}");
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }
}
