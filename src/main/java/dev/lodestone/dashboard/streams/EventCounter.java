package dev.lodestone.dashboard.streams;

import dev.lodestone.dashboard.DashboardPart;
import dev.lodestone.dashboard.DashboardPart.Feedback;
import dev.lodestone.dashboard.DashboardSettings;
import dev.lodestone.experiments.RecommendationIds;
import dev.lodestone.platform.kafka.streams.SortableTime;
import dev.lodestone.shopper.EventType;
import dev.lodestone.shopper.ShopperEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Counts the events of one task's shoppers. The store {@link DashboardTopology#EVENTS_STORE} holds:
 * {@code a|<shopper>} → second of their newest event while active, {@code x|<second>|<shopper>} the
 * same ordered by time (what expires next), {@code #active} the count, {@code f|<day>|<shopper>} the
 * funnel steps they reached that day (bits), {@code n|<day>|<step>} shoppers per step,
 * {@code p|<day>|<placement>} and {@code v|<day>|<experiment~variant>} impressions and clicks. The rate of
 * events per type lives in memory only (a ring of per-second counts): a restart forgets at most one rate
 * window.
 */
final class EventCounter implements Processor<String, DashboardTopology.Input, String, DashboardPart> {

    static final String ACTIVE = "#active";
    static final List<String> STEPS = List.of("view", "click", "add_to_cart", "purchase");
    static final int MAX_LABELS = 32;
    private static final Pattern PLACEMENT = Pattern.compile("[a-z0-9_.-]{1,32}");
    private static final String OTHER = "other";

    private final DashboardSettings settings;
    private final int rateSeconds;
    private final long[][] perSecond;
    private final long[] slotSecond;
    private ProcessorContext<String, DashboardPart> context;
    private KeyValueStore<String, String> store;
    private String source;
    private final Set<String> placementsToday = new HashSet<>();
    private final Set<String> variantsToday = new HashSet<>();
    private String labelsDay = "";
    private long lastCleanup;
    private Publication publication;

    EventCounter(DashboardSettings settings) {
        this.settings = settings;
        this.rateSeconds = (int) Math.max(1, settings.rateWindow().toSeconds());
        this.perSecond = new long[rateSeconds + 1][EventType.values().length];
        this.slotSecond = new long[rateSeconds + 1];
    }

    @Override
    public void init(ProcessorContext<String, DashboardPart> context) {
        this.context = context;
        this.store = context.getStateStore(DashboardTopology.EVENTS_STORE);
        this.source = "events-" + context.taskId();
        this.publication = new Publication(context, settings.interval(), this::publish);
    }

    @Override
    public void process(Record<String, DashboardTopology.Input> record) {
        String shopper = record.key();
        if (shopper == null) {
            return;
        }
        publication.changed();
        if (record.value().forget() != null) {
            forget(shopper);
            return;
        }
        ShopperEvent event = record.value().event();
        long now = context.currentSystemTimeMs();
        countRate(now / 1000, event.type());
        long received = event.receivedAt().toEpochMilli();
        seen(shopper, received, now);
        String day = DayKeys.day(received);
        int bit = STEPS.indexOf(event.type().wireName());
        if (bit >= 0) {
            String key = "f|" + day + "|" + shopper;
            long steps = DayKeys.get(store, key);
            if ((steps & (1L << bit)) == 0) {
                store.put(key, Long.toString(steps | (1L << bit)));
                DayKeys.add(store, "n|" + day + "|" + STEPS.get(bit), 1);
            }
        }
        if (event.recommendationId() != null
                && (event.type() == EventType.IMPRESSION || event.type() == EventType.CLICK)) {
            loadLabels(day);
            String placement = event.context() == null ? null : event.context().get("placement");
            if (placement == null || !PLACEMENT.matcher(placement).matches()) {
                placement = OTHER;
            }
            feedback("p|", day, label(placementsToday, placement), event.type());
            RecommendationIds.Arm arm = RecommendationIds.arm(event.recommendationId());
            if (arm != null) {
                feedback("v|", day, label(variantsToday, arm.experiment() + "~" + arm.variant()), event.type());
            }
        }
    }

    private void countRate(long second, EventType type) {
        int slot = (int) (second % slotSecond.length);
        if (slotSecond[slot] != second) {
            slotSecond[slot] = second;
            java.util.Arrays.fill(perSecond[slot], 0);
        }
        perSecond[slot][type.ordinal()]++;
    }

    /** Marks the shopper active from {@code receivedMs} on, unless that is already older than the window. */
    private void seen(String shopper, long receivedMs, long nowMs) {
        if (receivedMs < nowMs - settings.activeWindow().toMillis()) {
            return;
        }
        long second = receivedMs / 1000;
        String current = store.get("a|" + shopper);
        if (current == null) {
            DayKeys.add(store, ACTIVE, 1);
        } else if (Long.parseLong(current) >= second) {
            return;
        } else {
            store.delete(index(Long.parseLong(current), shopper));
        }
        store.put("a|" + shopper, Long.toString(second));
        store.put(index(second, shopper), "");
    }

    private static String index(long second, String shopper) {
        return "x|" + SortableTime.of(second) + "|" + shopper;
    }

    private void forget(String shopper) {
        String current = store.get("a|" + shopper);
        if (current != null) {
            store.delete("a|" + shopper);
            store.delete(index(Long.parseLong(current), shopper));
            DayKeys.add(store, ACTIVE, -1);
        }
        // A shopper's funnel steps are keyed by the day the events were received, which need not be
        // today or yesterday (a replay, a late batch): every day with a step counter may hold one.
        Set<String> days = new TreeSet<>();
        for (KeyValue<String, String> kv : DayKeys.scan(store, "n|")) {
            int end = kv.key.indexOf('|', 2);
            if (end > 2) {
                days.add(kv.key.substring(2, end));
            }
        }
        for (String day : days) {
            store.delete("f|" + day + "|" + shopper);
        }
    }

    /** Placements and variants are bounded per task and day: beyond {@link #MAX_LABELS}, they count as other. */
    private String label(Set<String> known, String label) {
        if (known.contains(label)) {
            return label;
        }
        if (known.size() >= MAX_LABELS) {
            return OTHER;
        }
        known.add(label);
        return label;
    }

    private void loadLabels(String day) {
        if (day.equals(labelsDay)) {
            return;
        }
        labelsDay = day;
        placementsToday.clear();
        variantsToday.clear();
        String p = "p|" + day + "|";
        String v = "v|" + day + "|";
        DayKeys.scan(store, p).forEach(kv -> placementsToday.add(kv.key.substring(p.length())));
        DayKeys.scan(store, v).forEach(kv -> variantsToday.add(kv.key.substring(v.length())));
    }

    private void feedback(String prefix, String day, String label, EventType type) {
        String key = prefix + day + "|" + label;
        Feedback f = parse(store.get(key));
        store.put(
                key,
                type == EventType.IMPRESSION
                        ? (f.impressions() + 1) + "," + f.clicks()
                        : f.impressions() + "," + (f.clicks() + 1));
    }

    private static Feedback parse(String value) {
        if (value == null) {
            return new Feedback(0, 0);
        }
        int comma = value.indexOf(',');
        return new Feedback(Long.parseLong(value.substring(0, comma)), Long.parseLong(value.substring(comma + 1)));
    }

    private void publish(long nowMs) {
        boolean expired = expire(nowMs);
        String today = DayKeys.day(nowMs);
        if (nowMs - lastCleanup > 60_000) {
            lastCleanup = nowMs;
            String yesterday = DayKeys.day(nowMs - 86_400_000L);
            for (String prefix : List.of("f|", "n|", "p|", "v|")) {
                DayKeys.dropDaysBefore(store, prefix, yesterday);
            }
        }
        long second = nowMs / 1000;
        Map<String, Long> events = new TreeMap<>();
        for (int s = 0; s < slotSecond.length; s++) {
            if (slotSecond[s] > second - rateSeconds && slotSecond[s] <= second) {
                for (EventType type : EventType.values()) {
                    long n = perSecond[s][type.ordinal()];
                    if (n > 0) {
                        events.merge(type.wireName(), n, Long::sum);
                    }
                }
            }
        }
        Map<String, Long> funnel = new TreeMap<>();
        for (String step : STEPS) {
            funnel.put(step, DayKeys.get(store, "n|" + today + "|" + step));
        }
        context.forward(new Record<>(
                source,
                DashboardPart.events(
                        source,
                        Instant.ofEpochMilli(nowMs),
                        rateSeconds,
                        events,
                        Math.max(0, DayKeys.get(store, ACTIVE)),
                        today,
                        funnel,
                        feedbackOf("p|" + today + "|"),
                        feedbackOf("v|" + today + "|")),
                nowMs));
        // The rates fall to zero by themselves over the rate window, and the active count at the next expiry.
        publication.published(nowMs, expired || !events.isEmpty(), nextExpiry());
    }

    private Map<String, Feedback> feedbackOf(String prefix) {
        Map<String, Feedback> found = new TreeMap<>();
        for (KeyValue<String, String> kv : DayKeys.scan(store, prefix)) {
            found.put(kv.key.substring(prefix.length()), parse(kv.value));
        }
        return found;
    }

    /** Shoppers whose newest event left the active window stop being active; whether any did. */
    private boolean expire(long nowMs) {
        long cutoff = (nowMs - settings.activeWindow().toMillis()) / 1000;
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, String> it = store.range("x|", index(cutoff, ""))) {
            it.forEachRemaining(kv -> expired.add(kv.key));
        }
        for (String key : expired) {
            String shopper = key.substring("x|0000000000000|".length());
            store.delete(key);
            store.delete("a|" + shopper);
            DayKeys.add(store, ACTIVE, -1);
        }
        return !expired.isEmpty();
    }

    /** When the active shopper whose newest event is the oldest stops being active ({@link #expire}); or never. */
    private long nextExpiry() {
        try (KeyValueIterator<String, String> it = store.range("x|", "x|~")) {
            if (!it.hasNext()) {
                return Long.MAX_VALUE;
            }
            long second = Long.parseLong(it.next().key.substring(2, 2 + 13));
            return (second + 1) * 1000 + settings.activeWindow().toMillis();
        }
    }
}
