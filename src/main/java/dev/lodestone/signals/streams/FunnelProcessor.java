package dev.lodestone.signals.streams;

import dev.lodestone.catalog.CatalogItem;
import dev.lodestone.catalog.streams.CatalogLookup;
import dev.lodestone.platform.kafka.streams.Wakeup;
import dev.lodestone.shopper.ShopperEvent;
import dev.lodestone.signals.FunnelState;
import dev.lodestone.signals.Journey;
import dev.lodestone.signals.Tally;
import dev.lodestone.signals.streams.SignalsTopology.In;
import dev.lodestone.signals.streams.SignalsTopology.Out;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Follows each shopper through the funnels: view → add_to_cart → purchase per top-level category, and
 * impression → click → add_to_cart → purchase per recommendation (its placement from the impression's
 * {@code context.placement}, the later steps linked by {@code recommendationId} or by an item clicked
 * from it). A step counts only when the previous one was reached and it happened within the conversion
 * window of the entry; every count goes to the entry day. A journey whose window closed without
 * completing is counted as dropped at the step it reached: when a later event of the shopper shows the
 * window passed, or when a wall-clock punctuator finds it due ({@link DueIndex}); never while it is open.
 */
final class FunnelProcessor implements Processor<String, In, String, Out> {

    private static final String PLACEMENT_KEY = "placement";

    private final Duration window;
    private final Duration checkInterval;
    private final int maxOpen;
    private ProcessorContext<String, Out> context;
    private KeyValueStore<String, FunnelState> states;
    private DueIndex due;
    private Wakeup check;
    private Function<String, CatalogItem> catalog;

    FunnelProcessor(Duration window, Duration checkInterval, int maxOpen) {
        this.window = window;
        this.checkInterval = checkInterval;
        this.maxOpen = maxOpen;
    }

    @Override
    public void init(ProcessorContext<String, Out> context) {
        this.context = context;
        this.states = context.getStateStore(SignalsTopology.FUNNEL_STORE);
        this.due = new DueIndex(context.getStateStore(SignalsTopology.FUNNEL_DUE_STORE));
        this.catalog = CatalogLookup.of(context);
        // Woken when the next journey is due, not every interval: an idle engine commits nothing (Wakeup).
        this.check = new Wakeup(context, checkInterval, this::expire);
        // The first punctuation finds what was restored with the task and arms the next due time.
        check.soon();
    }

    @Override
    public void process(Record<String, In> record) {
        String key = record.key();
        FunnelState before = states.get(key);
        if (record.value().forget() != null) {
            if (before != null) {
                due.remove(before.due(), key);
                states.delete(key);
            }
            return;
        }
        ShopperEvent event = record.value().event();
        Map<String, Journey> journeys = new TreeMap<>(before == null ? Map.of() : before.journeys());
        Instant at = event.occurredAt();
        long timestamp = record.timestamp();
        // Journeys whose window this event shows to have closed are dropped first.
        close(journeys, at, timestamp);
        category(event, journeys, at, timestamp);
        placement(event, journeys, at, timestamp);
        while (journeys.size() > maxOpen) {
            String oldest = journeys.entrySet().stream()
                    .min(Comparator.comparing(
                            (Map.Entry<String, Journey> e) -> e.getValue().start()))
                    .orElseThrow()
                    .getKey();
            dropped(journeys.remove(oldest), timestamp);
        }
        save(key, before, journeys);
    }

    private void category(ShopperEvent event, Map<String, Journey> journeys, Instant at, long timestamp) {
        int step = Journey.CATEGORY_STEPS.indexOf(event.type().wireName());
        if (step < 0 || event.itemId() == null) {
            return;
        }
        CatalogItem item = catalog.apply(event.itemId());
        String category = item == null ? null : item.topCategory();
        if (category == null) {
            return;
        }
        String id = "c:" + category;
        Journey journey = journeys.get(id);
        if (step == 0) {
            if (journey == null) {
                journey = new Journey(Journey.CATEGORY, category, at, 1, null);
                journeys.put(id, journey);
                count(journey, "view", timestamp);
            }
            return;
        }
        advance(journeys, id, journey, step, null, at, timestamp);
    }

    private void placement(ShopperEvent event, Map<String, Journey> journeys, Instant at, long timestamp) {
        int step = Journey.PLACEMENT_STEPS.indexOf(event.type().wireName());
        if (step < 0) {
            return;
        }
        String recommendation = event.recommendationId();
        if (step == 0) {
            if (recommendation != null && !journeys.containsKey("r:" + recommendation)) {
                Journey journey = new Journey(Journey.PLACEMENT, placement(event), at, 1, null);
                journeys.put("r:" + recommendation, journey);
                count(journey, "impression", timestamp);
            }
            return;
        }
        if (recommendation != null) {
            advance(
                    journeys,
                    "r:" + recommendation,
                    journeys.get("r:" + recommendation),
                    step,
                    event.itemId(),
                    at,
                    timestamp);
            return;
        }
        if (step < 2 || event.itemId() == null) {
            return; // a click without its recommendation is no step of a placement funnel
        }
        // A cart or purchase that does not echo the recommendation follows the one its item came from.
        for (Map.Entry<String, Journey> entry : Map.copyOf(journeys).entrySet()) {
            Journey journey = entry.getValue();
            if (Journey.PLACEMENT.equals(journey.dimension())
                    && journey.items() != null
                    && journey.items().contains(event.itemId())) {
                advance(journeys, entry.getKey(), journey, step, event.itemId(), at, timestamp);
            }
        }
    }

    private void advance(
            Map<String, Journey> journeys,
            String id,
            Journey journey,
            int step,
            String item,
            Instant at,
            long timestamp) {
        if (journey == null || journey.step() != step || at.isBefore(journey.start()) || !journey.open(at, window)) {
            return;
        }
        Journey next = journey.advance(item);
        count(next, Journey.steps(next.dimension()).get(step), timestamp);
        if (next.complete()) {
            journeys.remove(id);
        } else {
            journeys.put(id, next);
        }
    }

    private void close(Map<String, Journey> journeys, Instant at, long timestamp) {
        Iterator<Map.Entry<String, Journey>> it = journeys.entrySet().iterator();
        while (it.hasNext()) {
            Journey journey = it.next().getValue();
            if (!journey.open(at, window)) {
                dropped(journey, timestamp);
                it.remove();
            }
        }
    }

    private void expire(long now) {
        Instant at = Instant.ofEpochMilli(now);
        for (KeyValue<Long, String> entry : due.dueBy(now)) {
            String key = entry.value;
            FunnelState state = states.get(key);
            if (state == null || state.due() == null || state.due().longValue() != entry.key) {
                due.remove(entry.key, key);
                continue;
            }
            Map<String, Journey> journeys = new TreeMap<>(state.journeys());
            close(journeys, at, now);
            save(key, state, journeys);
        }
        wakeAtNextDue();
    }

    private void wakeAtNextDue() {
        Long next = due.first();
        if (next != null) {
            check.by(next);
        }
    }

    private void save(String key, FunnelState before, Map<String, Journey> journeys) {
        Long previous = before == null ? null : before.due();
        Long next = journeys.values().stream()
                .map(j -> j.closesAt(window).toEpochMilli() + 1)
                .min(Long::compare)
                .orElse(null);
        if (previous != null && !previous.equals(next)) {
            due.remove(previous, key);
        }
        if (journeys.isEmpty()) {
            if (before != null) {
                states.delete(key);
            }
            return;
        }
        due.put(next, key);
        check.by(next);
        states.put(key, new FunnelState(Map.copyOf(journeys), next));
    }

    private void dropped(Journey journey, long timestamp) {
        if (!journey.complete()) {
            count(journey, journey.droppedCounter(), timestamp);
        }
    }

    private void count(Journey journey, String counter, long timestamp) {
        context.forward(new Record<>(
                journey.dimension() + "|" + journey.value(),
                Out.of(Tally.count(journey.dimension(), journey.value(), journey.day(), counter)),
                timestamp));
    }

    private static String placement(ShopperEvent event) {
        return Journey.placement(
                event.context() == null ? null : event.context().get(PLACEMENT_KEY));
    }
}
