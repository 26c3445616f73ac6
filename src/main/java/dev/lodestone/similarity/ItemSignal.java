package dev.lodestone.similarity;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What one engagement tells an item, keyed by that item after the {@code similarity-signals}
 * repartition.
 *
 * <p>{@code other == null}: the item itself was engaged with {@code weight} (item count, trending).
 * Otherwise the item co-occurred with {@code other} with {@code weight}; {@code next} says that
 * {@code other} came after this item in the shopper's sequence (the directed next-item evidence).
 *
 * @param topCategory top-level category of the item when the catalog knew it (trending per category)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ItemSignal(String itemId, String other, double weight, boolean next, long at, String topCategory) {

    public static ItemSignal engaged(String itemId, double weight, long at, String topCategory) {
        return new ItemSignal(itemId, null, weight, false, at, topCategory);
    }

    public static ItemSignal pair(String itemId, String other, double weight, boolean next, long at) {
        return new ItemSignal(itemId, other, weight, next, at, null);
    }

    public boolean isEngagement() {
        return other == null;
    }
}
