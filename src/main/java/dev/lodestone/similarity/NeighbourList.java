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

    /** This list with one signal applied, keeping at most {@code capacity} candidates. */
    public NeighbourList apply(ItemSignal signal, int capacity) {
        if (signal.isEngagement()) {
            return new NeighbourList(itemId, count + signal.weight(), neighbours, version + 1);
        }
        List<Neighbour> updated = new ArrayList<>(neighbours.size() + 1);
        boolean found = false;
        for (Neighbour n : neighbours) {
            if (n.itemId().equals(signal.other())) {
                updated.add(new Neighbour(
                        n.itemId(), n.together() + signal.weight(), n.next() + (signal.next() ? signal.weight() : 0)));
                found = true;
            } else {
                updated.add(n);
            }
        }
        if (!found) {
            Neighbour fresh = new Neighbour(signal.other(), signal.weight(), signal.next() ? signal.weight() : 0);
            if (updated.size() >= capacity) {
                // Bounded like space-saving: the weakest candidate makes room for the newcomer.
                updated.sort(STRONGEST_FIRST);
                updated.removeLast();
            }
            updated.add(fresh);
        }
        updated.sort(STRONGEST_FIRST);
        return new NeighbourList(itemId, count, List.copyOf(updated), version + 1);
    }

    /** The best {@code k} neighbours. */
    public NeighbourList top(int k) {
        return neighbours.size() <= k ? this : new NeighbourList(itemId, count, neighbours.subList(0, k), version);
    }
}
