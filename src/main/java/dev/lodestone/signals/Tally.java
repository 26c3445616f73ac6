package dev.lodestone.signals;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One increment of a daily series, emitted by the per-shopper processors and summed per
 * {@code (dimension, value, day)} by the daily aggregate.
 *
 * @param dimension what the series is about: {@code carts}, {@code category}, {@code placement}, …
 * @param value which one ({@code all}, a top-level category, a placement)
 * @param day ISO date (UTC)
 * @param counter what is counted, e.g. {@code abandoned}, {@code view}, {@code dropped.view}
 * @param amount money or a score summed beside the count; null when there is none
 * @param counters more counters to add at once (one feedback text adds one per term); null when none
 * @param examples short texts kept beside counters (keyword snippets), a few per counter and day; null when none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Tally(
        String dimension,
        String value,
        String day,
        String counter,
        long count,
        BigDecimal amount,
        Map<String, Long> counters,
        Map<String, String> examples) {

    public Tally(String dimension, String value, String day, String counter, long count, BigDecimal amount) {
        this(dimension, value, day, counter, count, amount, null, null);
    }

    public static Tally count(String dimension, String value, String day, String counter) {
        return new Tally(dimension, value, day, counter, 1, null);
    }

    /**
     * Whether this tally only counts (no amount, no examples), so that it can be summed with others of its
     * series-day before the aggregate ({@link #plus}).
     */
    public boolean countsOnly() {
        return amount == null && (examples == null || examples.isEmpty());
    }

    /**
     * This count-only tally and {@code other}, of the same series-day, as one: every counter in
     * {@code counters}. The daily aggregate adds it as it would add the two.
     */
    public Tally plus(Tally other) {
        Map<String, Long> sum = new TreeMap<>();
        for (Tally t : List.of(this, other)) {
            if (t.counter != null) {
                sum.merge(t.counter, t.count, Long::sum);
            }
            if (t.counters != null) {
                t.counters.forEach((k, n) -> sum.merge(k, n, Long::sum));
            }
        }
        return new Tally(dimension, value, day, null, 0, null, sum, null);
    }

    /** The aggregate's key: one series-day. Parts are never parsed back; the value carries them. */
    public String key() {
        return dimension + "|" + value + "|" + day;
    }
}
