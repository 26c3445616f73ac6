package dev.lodestone.signals;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The counters of one day of one series, as the daily aggregate sums them from {@link Tally} records.
 *
 * @param counts per counter
 * @param amounts per counter that carries an amount (cart values, scores)
 * @param examples per counter, up to {@link #MAX_EXAMPLES} short texts (the first of the day)
 * @param version how many tallies built it; the Redis projection never writes a lower one
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DailyCounts(
        String dimension,
        String value,
        String day,
        Map<String, Long> counts,
        Map<String, BigDecimal> amounts,
        Map<String, List<String>> examples,
        long version) {

    /** Most examples kept per counter and day. */
    public static final int MAX_EXAMPLES = 3;

    public DailyCounts {
        examples = examples == null ? Map.of() : examples;
    }

    public static DailyCounts empty() {
        return new DailyCounts(null, null, null, Map.of(), Map.of(), Map.of(), 0);
    }

    public static DailyCounts none(String dimension, String value, String day) {
        return new DailyCounts(dimension, value, day, Map.of(), Map.of(), Map.of(), 0);
    }

    public DailyCounts add(Tally tally) {
        Map<String, Long> c = new TreeMap<>(counts);
        if (tally.counter() != null) {
            c.merge(tally.counter(), tally.count(), Long::sum);
        }
        if (tally.counters() != null) {
            tally.counters().forEach((k, n) -> c.merge(k, n, Long::sum));
        }
        Map<String, BigDecimal> a = amounts;
        if (tally.amount() != null) {
            a = new TreeMap<>(amounts);
            a.merge(tally.counter(), tally.amount(), BigDecimal::add);
        }
        Map<String, List<String>> e = examples;
        if (tally.examples() != null && !tally.examples().isEmpty()) {
            e = new TreeMap<>(examples);
            for (Map.Entry<String, String> example : tally.examples().entrySet()) {
                List<String> kept = e.getOrDefault(example.getKey(), List.of());
                if (kept.size() < MAX_EXAMPLES && !kept.contains(example.getValue())) {
                    List<String> more = new ArrayList<>(kept);
                    more.add(example.getValue());
                    e.put(example.getKey(), List.copyOf(more));
                }
            }
        }
        return new DailyCounts(tally.dimension(), tally.value(), tally.day(), c, a, e, version + 1);
    }

    public long count(String counter) {
        return counts.getOrDefault(counter, 0L);
    }

    public BigDecimal amount(String counter) {
        return amounts.getOrDefault(counter, BigDecimal.ZERO);
    }
}
