package dev.lodestone.similarity;

import java.util.Arrays;
import java.util.Collections;
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

    /** Strongest first, ties by item id: a total order, so a list has one sorted form. */
    public static final Comparator<Neighbour> STRONGEST_FIRST = (a, b) -> {
        int byStrength = Double.compare(b.strength(), a.strength());
        return byStrength != 0 ? byStrength : a.itemId().compareTo(b.itemId());
    };

    public static NeighbourList empty(String itemId) {
        return new NeighbourList(itemId, 0, List.of(), 0);
    }

    /**
     * This list with one signal record applied (its engagement, then each pair in order), keeping at
     * most {@code capacity} candidates.
     *
     * <p>The list stays sorted after every pair: a changed candidate moves to its place, a newcomer takes
     * the weakest one's (the last) when the list is full. That is the list a sort after all pairs gives,
     * with the same candidates dropped, at a few comparisons per pair instead of a sort of the whole list
     * per record (the aggregate's largest cost, every signal of an event being one record).
     */
    public NeighbourList apply(ItemSignal signal, int capacity) {
        double newCount = count + signal.engaged();
        if (signal.pairs().isEmpty()) {
            return new NeighbourList(itemId, newCount, neighbours, version + signal.size());
        }
        Neighbour[] updated = neighbours.toArray(new Neighbour[Math.max(neighbours.size(), capacity) + 1]);
        int size = neighbours.size();
        for (ItemSignal.Pair pair : signal.pairs()) {
            double next = pair.next() ? pair.weight() : 0;
            int found = indexOf(updated, size, pair.other());
            if (found >= 0) {
                Neighbour n = updated[found];
                updated[found] = new Neighbour(n.itemId(), n.together() + pair.weight(), n.next() + next);
                moveToPlace(updated, size, found);
                continue;
            }
            if (size >= capacity) {
                // Bounded like space-saving: the weakest candidate makes room for the newcomer.
                size--;
            }
            updated[size] = new Neighbour(pair.other(), pair.weight(), next);
            size++;
            moveToPlace(updated, size, size - 1);
        }
        // A read-only view of the working array: List.of would copy it once more, per signal record.
        List<Neighbour> kept =
                Collections.unmodifiableList(Arrays.asList(updated).subList(0, size));
        return new NeighbourList(itemId, newCount, kept, version + signal.size());
    }

    private static int indexOf(Neighbour[] list, int size, String id) {
        int hash = id.hashCode();
        for (int i = 0; i < size; i++) {
            String candidate = list[i].itemId();
            if (candidate.hashCode() == hash && candidate.equals(id)) {
                return i;
            }
        }
        return -1;
    }

    /** Restores the order of a sorted list in which only the entry at {@code at} changed. */
    private static void moveToPlace(Neighbour[] list, int size, int at) {
        Neighbour moved = list[at];
        int i = at;
        while (i > 0 && STRONGEST_FIRST.compare(moved, list[i - 1]) < 0) {
            list[i] = list[i - 1];
            i--;
        }
        while (i < size - 1 && STRONGEST_FIRST.compare(moved, list[i + 1]) > 0) {
            list[i] = list[i + 1];
            i++;
        }
        list[i] = moved;
    }

    /** The best {@code k} neighbours. */
    public NeighbourList top(int k) {
        return neighbours.size() <= k ? this : new NeighbourList(itemId, count, neighbours.subList(0, k), version);
    }
}
