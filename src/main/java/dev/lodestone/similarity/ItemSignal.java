package dev.lodestone.similarity;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What one engagement tells an item, keyed by that item after the {@code similarity-signals}
 * repartition: its own engagement and its pairs with the shopper's other recent items, in ONE
 * record, so an event costs one record per item it touches instead of one per pair (each record is
 * a read and rewrite of the item's candidate list).
 *
 * @param engaged weight of the item's own engagement (item count, trending); 0 when this record only
 *     carries a pair (the item is the shopper's earlier item)
 * @param pairs co-occurrences with other items, in the order they are applied
 * @param topCategory top-level category of the item when the catalog knew it (trending per category)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ItemSignal(String itemId, double engaged, List<Pair> pairs, long at, String topCategory) {

    /**
     * The item co-occurred with {@code other} with {@code weight}.
     *
     * @param next {@code other} came after this item in the shopper's sequence (directed next-item evidence)
     */
    public record Pair(String other, double weight, boolean next) {}

    public ItemSignal {
        pairs = pairs == null ? List.of() : List.copyOf(pairs);
    }

    public static ItemSignal engaged(String itemId, double weight, List<Pair> pairs, long at, String topCategory) {
        return new ItemSignal(itemId, weight, pairs, at, topCategory);
    }

    public static ItemSignal pair(String itemId, String other, double weight, boolean next, long at) {
        return new ItemSignal(itemId, 0, List.of(new Pair(other, weight, next)), at, null);
    }

    @JsonIgnore
    public boolean isEngagement() {
        return engaged > 0;
    }

    /** Signals this record stands for (the engagement and each pair), for versions. */
    @JsonIgnore
    public int size() {
        return (isEngagement() ? 1 : 0) + pairs.size();
    }
}
