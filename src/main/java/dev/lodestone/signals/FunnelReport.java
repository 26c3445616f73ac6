package dev.lodestone.signals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A funnel over a range of entry days: per step, how many shoppers reached it, how many stopped there
 * once their conversion window closed (dropped), and how many are still inside it (open).
 *
 * @param dimension {@code category} or {@code placement}
 * @param value the top-level category or the placement
 * @param window the conversion window, from the entering step
 */
public record FunnelReport(
        String from, String to, String dimension, String value, Duration window, List<Step> steps, List<Day> days) {

    /**
     * @param shoppers journeys that reached this step (one shopper may enter a funnel again once a window closed)
     * @param dropped of those, the ones whose window closed at this step
     * @param open of those, the ones still inside their window at this step
     * @param conversion shoppers of this step over those of the first; null for the first or when none entered
     */
    public record Step(String step, long shoppers, long dropped, long open, Double conversion) {}

    public record Day(String day, List<Step> steps) {}

    public static FunnelReport of(
            DayRange range, String dimension, String value, Duration window, List<DailyCounts> daily) {
        List<String> names = Journey.steps(dimension);
        long[] reached = new long[names.size()];
        long[] dropped = new long[names.size()];
        List<Day> days = new ArrayList<>(daily.size());
        for (DailyCounts d : daily) {
            long[] r = new long[names.size()];
            long[] x = new long[names.size()];
            for (int k = 0; k < names.size(); k++) {
                r[k] = d.count(names.get(k));
                x[k] = d.count("dropped." + names.get(k));
                reached[k] += r[k];
                dropped[k] += x[k];
            }
            days.add(new Day(d.day(), steps(names, r, x)));
        }
        return new FunnelReport(
                range.from().toString(),
                range.to().toString(),
                dimension,
                value,
                window,
                steps(names, reached, dropped),
                days);
    }

    private static List<Step> steps(List<String> names, long[] reached, long[] dropped) {
        List<Step> steps = new ArrayList<>(names.size());
        for (int k = 0; k < names.size(); k++) {
            boolean last = k == names.size() - 1;
            long open = last ? 0 : Math.max(0, reached[k] - reached[k + 1] - dropped[k]);
            Double conversion = k == 0 || reached[0] == 0 ? null : (double) reached[k] / reached[0];
            steps.add(new Step(names.get(k), reached[k], dropped[k], open, conversion));
        }
        return steps;
    }
}
