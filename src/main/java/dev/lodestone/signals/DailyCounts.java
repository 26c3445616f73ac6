package dev.lodestone.signals;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/**
 * The counters of one day of one series, as the daily aggregate sums them from {@link Tally} records.
 *
 * @param counts per counter
 * @param amounts per counter that carries an amount (cart values, scores)
 * @param version how many tallies built it; the Redis projection never writes a lower one
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DailyCounts(
        String dimension,
        String value,
        String day,
        Map<String, Long> counts,
        Map<String, BigDecimal> amounts,
        long version) {

    public static DailyCounts empty() {
        return new DailyCounts(null, null, null, Map.of(), Map.of(), 0);
    }

    public DailyCounts add(Tally tally) {
        Map<String, Long> c = new TreeMap<>(counts);
        c.merge(tally.counter(), tally.count(), Long::sum);
        Map<String, BigDecimal> a = amounts;
        if (tally.amount() != null) {
            a = new TreeMap<>(amounts);
            a.merge(tally.counter(), tally.amount(), BigDecimal::add);
        }
        return new DailyCounts(tally.dimension(), tally.value(), tally.day(), c, a, version + 1);
    }

    public long count(String counter) {
        return counts.getOrDefault(counter, 0L);
    }

    public BigDecimal amount(String counter) {
        return amounts.getOrDefault(counter, BigDecimal.ZERO);
    }
}
