package dev.lodestone.signals;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.util.Map;

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

    /** The aggregate's key: one series-day. Parts are never parsed back; the value carries them. */
    public String key() {
        return dimension + "|" + value + "|" + day;
    }
}
