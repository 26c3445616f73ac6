package dev.lodestone.similarity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * An item's co-occurrence state: its own (weighted) engagement count and its neighbour candidates.
 * The store keeps up to {@code candidates} entries; {@link #top} is what is published and served.
 *
 * @param count sum of the weights of this item's engagements
 * @param version number of signals applied; the Redis projection never writes a lower one
 */
public record NeighbourList(String itemId, double count, List<Neighbour> neighbours, long version) {

    /**
     * One neighbour.
     *
     * @param together weighted co-occurrence of the two items, either order
     * @param next the part of {@code together} where the neighbour came after this item
     */
    public record Neighbour(String itemId, double together, double next) {
        /** Rank of a candidate when the list is trimmed: ordered evidence counts twice. */
        public double strength() {
            return together + next;
        }
    }

    public static final Comparator<Neighbour> STRONGEST_FIRST =
            Comparator.comparingDouble(Neighbour::strength).reversed().thenComparing(Neighbour::itemId);

    public static NeighbourList empty(String itemId) {
        return new NeighbourList(itemId, 0, List.of(), 0);
    }

    /**
     * This list with one signal record applied (its engagement, then each pair in order), keeping at
     * most {@code capacity} candidates. Sorted once per record, not once per pair.
     */
    public NeighbourList apply(ItemSignal signal, int capacity) {
        double newCount = count + signal.engaged();
        if (signal.pairs().isEmpty()) {
            return new NeighbourList(itemId, newCount, neighbours, version + signal.size());
        }
        List<Neighbour> updated =
                new ArrayList<>(neighbours.size() + signal.pairs().size());
        updated.addAll(neighbours);
        for (ItemSignal.Pair pair : signal.pairs()) {
            double next = pair.next() ? pair.weight() : 0;
            int found = indexOf(updated, pair.other());
            if (found >= 0) {
                Neighbour n = updated.get(found);
                updated.set(found, new Neighbour(n.itemId(), n.together() + pair.weight(), n.next() + next));
                continue;
            }
            if (updated.size() >= capacity) {
                // Bounded like space-saving: the weakest candidate makes room for the newcomer.
                updated.remove(weakest(updated));
            }
            updated.add(new Neighbour(pair.other(), pair.weight(), next));
        }
        updated.sort(STRONGEST_FIRST);
        return new NeighbourList(itemId, newCount, List.copyOf(updated), version + signal.size());
    }

    private static int indexOf(List<Neighbour> list, String id) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).itemId().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    /** The last one in {@link #STRONGEST_FIRST} order. */
    private static int weakest(List<Neighbour> list) {
        int weakest = 0;
        for (int i = 1; i < list.size(); i++) {
            if (STRONGEST_FIRST.compare(list.get(i), list.get(weakest)) > 0) {
                weakest = i;
            }
        }
        return weakest;
    }

    /** The best {@code k} neighbours. */
    public NeighbourList top(int k) {
        return neighbours.size() <= k ? this : new NeighbourList(itemId, count, neighbours.subList(0, k), version);
    }
}
