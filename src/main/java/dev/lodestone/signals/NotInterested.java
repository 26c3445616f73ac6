package dev.lodestone.signals;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one shopper said they do not want: items to leave out of their recommendations, and the close
 * neighbours of those items to rank lower, as carried on {@code shopper-not-interested}.
 *
 * @param items itemId → {@link #EXCLUDE} or {@link #DEMOTE}, oldest first, at most {@link #MAX_ITEMS}
 * @param version how many marks built it; the Redis projection never writes a lower one
 * @param at intake time of the newest mark
 */
public record NotInterested(String shopperKey, Map<String, String> items, long version, Instant at) {

    public static final String EXCLUDE = "x";
    public static final String DEMOTE = "d";

    /** Most items kept per shopper; the oldest marks go first. */
    public static final int MAX_ITEMS = 500;

    public static NotInterested empty(String shopperKey) {
        return new NotInterested(shopperKey, Map.of(), 0, null);
    }

    /** With one "not interested" applied: its item excluded, its neighbours demoted unless excluded already. */
    public NotInterested apply(Feedback feedback) {
        LinkedHashMap<String, String> next = new LinkedHashMap<>(items);
        String item = feedback.about().id();
        next.remove(item);
        next.put(item, EXCLUDE);
        if (feedback.demote() != null) {
            for (String neighbour : feedback.demote()) {
                next.putIfAbsent(neighbour, DEMOTE);
            }
        }
        while (next.size() > MAX_ITEMS) {
            next.remove(next.keySet().iterator().next());
        }
        Instant newest = at == null || feedback.at().isAfter(at) ? feedback.at() : at;
        return new NotInterested(shopperKey, next, version + 1, newest);
    }

    @JsonIgnore
    public Set<String> excluded() {
        return with(EXCLUDE);
    }

    @JsonIgnore
    public Set<String> demoted() {
        return with(DEMOTE);
    }

    private Set<String> with(String mark) {
        return items.entrySet().stream()
                .filter(e -> mark.equals(e.getValue()))
                .map(Map.Entry::getKey)
                .collect(Collectors.toUnmodifiableSet());
    }
}
