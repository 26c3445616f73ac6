package dev.lodestone.signals;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Abandoned and recovered carts over a range of days.
 *
 * @param abandoned abandonments (first stage fired), by the day they fired
 * @param abandonedValue the carts' value when their first stage fired
 * @param stages stage number → how many times it fired
 * @param recovered abandonments a later purchase of their items recovered (counted once each)
 * @param recoveredValue what those purchases were worth
 */
public record CartSummary(
        String from,
        String to,
        long abandoned,
        BigDecimal abandonedValue,
        Map<Integer, Long> stages,
        long recovered,
        BigDecimal recoveredValue,
        List<Day> days) {

    /** One day's counters. */
    public record Day(
            String day, long abandoned, BigDecimal abandonedValue, long recovered, BigDecimal recoveredValue) {}

    public static CartSummary of(DayRange range, List<DailyCounts> daily) {
        long abandoned = 0;
        long recovered = 0;
        BigDecimal abandonedValue = BigDecimal.ZERO;
        BigDecimal recoveredValue = BigDecimal.ZERO;
        Map<Integer, Long> stages = new TreeMap<>();
        List<Day> days = new java.util.ArrayList<>();
        for (DailyCounts d : daily) {
            abandoned += d.count("abandoned");
            recovered += d.count("recovered");
            abandonedValue = abandonedValue.add(d.amount("abandoned"));
            recoveredValue = recoveredValue.add(d.amount("recovered.value"));
            d.counts().forEach((counter, n) -> {
                if (counter.startsWith("abandoned.stage")) {
                    stages.merge(Integer.parseInt(counter.substring("abandoned.stage".length())), n, Long::sum);
                }
            });
            days.add(new Day(
                    d.day(),
                    d.count("abandoned"),
                    d.amount("abandoned"),
                    d.count("recovered"),
                    d.amount("recovered.value")));
        }
        return new CartSummary(
                range.from().toString(),
                range.to().toString(),
                abandoned,
                abandonedValue,
                stages,
                recovered,
                recoveredValue,
                days);
    }
}
