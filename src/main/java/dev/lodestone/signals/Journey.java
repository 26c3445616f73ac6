package dev.lodestone.signals;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

/**
 * One shopper's way through one funnel: which funnel ({@code category} and a top-level category, or
 * {@code placement} and a recommendation placement), when they entered it and how far they got.
 *
 * @param start {@code occurredAt} of the entering step; the conversion window runs from it
 * @param step how many steps were reached (1 = entered)
 * @param items for a placement funnel, the items clicked or carted from that recommendation
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Journey(String dimension, String value, Instant start, int step, Set<String> items) {

    public static final String CATEGORY = "category";
    public static final String PLACEMENT = "placement";

    /** The steps of a category funnel. */
    public static final List<String> CATEGORY_STEPS = List.of("view", "add_to_cart", "purchase");

    /** The steps of a recommendation placement funnel. */
    public static final List<String> PLACEMENT_STEPS = List.of("impression", "click", "add_to_cart", "purchase");

    /** A placement as the recommendation meters accept it: 1-32 of a-z 0-9 _ . - (anything else counts as {@code other}). */
    public static final java.util.regex.Pattern PLACEMENT_SHAPE = java.util.regex.Pattern.compile("[a-z0-9_.-]{1,32}");

    /** The placement a journey is counted under: the event's, when well formed, else {@code other}. */
    public static String placement(String raw) {
        return raw != null && PLACEMENT_SHAPE.matcher(raw).matches() ? raw : "other";
    }

    public static List<String> steps(String dimension) {
        return CATEGORY.equals(dimension) ? CATEGORY_STEPS : PLACEMENT_STEPS;
    }

    /** The entry day (UTC): every step and drop of this journey counts on it. */
    public String day() {
        return start.atOffset(ZoneOffset.UTC).toLocalDate().toString();
    }

    public boolean complete() {
        return step >= steps(dimension).size();
    }

    /** Whether an action at {@code at} still falls inside the conversion window. */
    public boolean open(Instant at, Duration window) {
        return !at.isAfter(start.plus(window));
    }

    public Instant closesAt(Duration window) {
        return start.plus(window);
    }

    /** The step this journey would count next, by name; null when complete. */
    public String nextStep() {
        return complete() ? null : steps(dimension).get(step);
    }

    /** The counter of a drop at the current step. */
    public String droppedCounter() {
        return "dropped." + steps(dimension).get(step - 1);
    }

    public Journey advance(String item) {
        Set<String> next = items;
        if (item != null && PLACEMENT.equals(dimension)) {
            java.util.TreeSet<String> grown = new java.util.TreeSet<>(items == null ? Set.of() : items);
            grown.add(item);
            next = Set.copyOf(grown);
        }
        return new Journey(dimension, value, start, step + 1, next);
    }
}
